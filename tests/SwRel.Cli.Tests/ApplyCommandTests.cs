using System.Text.Json;
using SwRel.Domain.Workflow;
using SwRel.Repository.Planning;

namespace SwRel.Cli.Tests;

public sealed class ApplyCommandTests : IDisposable
{
    private const string Unverified = "sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3";
    private const string Stage = "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "swrel-apply-" + Guid.NewGuid().ToString("N"));

    public ApplyCommandTests()
    {
        Directory.CreateDirectory(Root);
        Write(Unverified + "/RPMS/argus.rpm", "argus\n");
    }

    private string Root => Path.Combine(_folder, "repo");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Apply_promotes_the_release_and_prints_each_step()
    {
        var plan = SavePlan(Promote());

        var run = ToolRunner.Run("apply", plan, "--root", Root);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("argus\n", File.ReadAllText(Local(Stage + "/RPMS/argus.rpm")));
        Assert.False(Directory.Exists(Local(Unverified)));
        Assert.Contains("1. promote", run.Output, StringComparison.Ordinal);
        Assert.Contains("applied", run.Output, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Applying_the_same_plan_again_succeeds_and_reports_every_step_already_applied()
    {
        var plan = SavePlan(Promote());
        ToolRunner.Run("apply", plan, "--root", Root);

        var run = ToolRunner.Run("apply", plan, "--root", Root, "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var result = json.RootElement.GetProperty("plans")[0];
        Assert.False(result.GetProperty("changed").GetBoolean());
        Assert.All(result.GetProperty("steps").EnumerateArray(), s => Assert.Equal("already-applied", s.GetProperty("status").GetString()));
    }

    [Fact]
    public void A_dry_run_prints_what_would_change_and_changes_nothing()
    {
        var plan = SavePlan(Promote());

        var run = ToolRunner.Run("apply", plan, "--root", Root, "--dry-run");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("would copy 1 file", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Local(Stage)));
        Assert.True(Directory.Exists(Local(Unverified)));
    }

    [Fact]
    public void Json_output_names_the_steps_paths_and_statuses()
    {
        var plan = SavePlan(Promote());

        var run = ToolRunner.Run("apply", plan, "--root", Root, "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.False(json.RootElement.GetProperty("dryRun").GetBoolean());
        var result = json.RootElement.GetProperty("plans")[0];
        Assert.Equal("Unverified", result.GetProperty("from").GetString());
        Assert.True(result.GetProperty("succeeded").GetBoolean());
        var first = result.GetProperty("steps")[0];
        Assert.Equal("promote", first.GetProperty("kind").GetString());
        Assert.Equal("applied", first.GetProperty("status").GetString());
        Assert.Equal(Stage, first.GetProperty("paths")[0].GetString());
    }

    [Fact]
    public void A_merge_conflict_exits_1_lists_the_file_and_changes_nothing()
    {
        const string updates = "sw/production/umd/4/centos7/x86_64/updates";
        Write(updates + "/RPMS/argus.rpm", "another build\n");
        var plan = SavePlan(new RepositoryPlan(RolloutProgress.StageRollout, RolloutProgress.Production, null,
        [
            new PromoteStep(RepositoryPath.Parse(Unverified), RepositoryPath.Parse(updates), Merge: true),
            new RemoveStep(RepositoryPath.Parse(Unverified)),
        ]));

        var run = ToolRunner.Run("apply", plan, "--root", Root, "--format", "json");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var conflict = json.RootElement.GetProperty("plans")[0].GetProperty("conflicts")[0];
        Assert.Equal(updates + "/RPMS/argus.rpm", conflict.GetProperty("path").GetString());
        Assert.Equal("another build\n", File.ReadAllText(Local(updates + "/RPMS/argus.rpm")));
        Assert.True(Directory.Exists(Local(Unverified)));
    }

    // A release's own repo file stays out of the shared production folder, so the next release of the product merges.
    [Fact]
    public void A_merge_leaves_out_the_plan_exclusions_and_reports_them()
    {
        const string updates = "sw/production/umd/4/centos7/x86_64/updates";
        Write(Unverified + "/repofiles/INFN.argus.repo", "[argus]\nbaseurl=1.7.4\n");
        Write(updates + "/RPMS/argus-1.7.3.rpm", "argus 1.7.3\n");
        Write(updates + "/repofiles/INFN.argus.repo", "[argus]\nbaseurl=1.7.3\n");
        var plan = Path.Combine(_folder, "exclude.json");
        File.WriteAllText(plan, $$"""
            { "from": "Unverified", "to": "Production", "target": "{{updates}}", "steps": [
              { "kind": "promote", "source": "{{Unverified}}", "destination": "{{updates}}", "merge": true, "exclude": ["repofiles"] },
              { "kind": "remove", "path": "{{Unverified}}" } ] }
            """);

        var run = ToolRunner.Run("apply", plan, "--root", Root);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("leaving out 1 file under repofiles", run.Output, StringComparison.Ordinal);
        Assert.Equal("argus\n", File.ReadAllText(Local(updates + "/RPMS/argus.rpm")));
        Assert.Equal("argus 1.7.3\n", File.ReadAllText(Local(updates + "/RPMS/argus-1.7.3.rpm")));
        Assert.Equal("[argus]\nbaseurl=1.7.3\n", File.ReadAllText(Local(updates + "/repofiles/INFN.argus.repo")));
        Assert.False(Directory.Exists(Local(Unverified)));
    }

    [Fact]
    public void An_exclude_entry_that_is_not_one_name_exits_1_with_its_json_path_and_changes_nothing()
    {
        var plan = Path.Combine(_folder, "bad-exclude.json");
        File.WriteAllText(plan, $$"""
            { "from": "Unverified", "to": "StageRollout", "target": null, "steps": [
              { "kind": "promote", "source": "{{Unverified}}", "destination": "{{Stage}}", "merge": false, "exclude": ["../x"] } ] }
            """);

        var run = ToolRunner.Run("apply", plan, "--root", Root);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("$.steps[0].exclude[0]", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Local(Stage)));
    }

    [Fact]
    public void A_fetch_step_uses_the_file_transport_and_set_repository_url_is_printed()
    {
        var provider = Path.Combine(_folder, "provider");
        Directory.CreateDirectory(Path.Combine(provider, "RPMS"));
        File.WriteAllText(Path.Combine(provider, "RPMS", "voms.rpm"), "voms\n");
        const string scratch = ".swrel/scratch/umd-4/voms/2.0.0";
        const string target = "sw/unverified/umd-4.voms/2/0/0";
        var plan = SavePlan(new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, RepositoryPath.Parse(target),
        [
            new FetchStep("file", new Uri(provider).AbsoluteUri, RepositoryPath.Parse(scratch)),
            new PublishStep(RepositoryPath.Parse(scratch), RepositoryPath.Parse(target)),
            new SetRepositoryUrlStep(RepositoryPath.Parse(target)),
            new CleanStep(RepositoryPath.Parse(scratch)),
        ]));

        var run = ToolRunner.Run("apply", plan, "--root", Root);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("voms\n", File.ReadAllText(Local(target + "/RPMS/voms.rpm")));
        Assert.False(Directory.Exists(Local(scratch)));
        Assert.Contains("RepositoryURL: " + target, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_fetch_exits_1_naming_the_source_and_changes_nothing()
    {
        var missing = new Uri(Path.Combine(_folder, "no-such-provider")).AbsoluteUri;
        var plan = SavePlan(new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, null,
        [
            new FetchStep("file", missing, RepositoryPath.Parse(".swrel/scratch/x")),
            new PublishStep(RepositoryPath.Parse(".swrel/scratch/x"), RepositoryPath.Parse("sw/unverified/x")),
        ]));

        var run = ToolRunner.Run("apply", plan, "--root", Root);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Local(".swrel/scratch/x")));
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_verify_step_checks_the_fetched_files_against_their_manifest(bool intact)
    {
        var provider = Path.Combine(_folder, "provider");
        Directory.CreateDirectory(Path.Combine(provider, "RPMS"));
        File.WriteAllText(Path.Combine(provider, "RPMS", "voms.rpm"), "voms\n");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("voms\n"u8.ToArray()));
        File.WriteAllText(Path.Combine(provider, "SHA256SUMS"), (intact ? hash : new string('0', 64)) + "  RPMS/voms.rpm\n");
        const string scratch = ".swrel/scratch/umd-4/voms/2.0.0";
        const string target = "sw/unverified/umd-4.voms/2/0/0";
        var plan = SavePlan(new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, RepositoryPath.Parse(target),
        [
            new FetchStep("file", new Uri(provider).AbsoluteUri, RepositoryPath.Parse(scratch)),
            new VerifyStep(RepositoryPath.Parse(scratch), "SHA256SUMS"),
            new PublishStep(RepositoryPath.Parse(scratch), RepositoryPath.Parse(target)),
            new CleanStep(RepositoryPath.Parse(scratch)),
        ]));

        var run = ToolRunner.Run("apply", plan, "--root", Root, "--allow-tree-manifest");

        if (intact)
        {
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Contains("verified 1 files against SHA256SUMS", run.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Local(target + "/RPMS/voms.rpm")));
        }
        else
        {
            Assert.Equal(ExitCodes.Invalid, run.ExitCode);
            Assert.Contains("Step 2 (verify)", run.Error, StringComparison.Ordinal);
            Assert.Contains("RPMS/voms.rpm: Mismatch", run.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Local(target)));
            Assert.False(Directory.Exists(Local(scratch)));
        }
    }

    // SPEC §11: "The checksum manifest is the ticket's ReleaseChecksums attachment; a manifest found inside the
    // provider's own tree is accepted only when an option allows it".
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_verify_step_checks_against_the_checksums_file_and_never_trusts_the_tree_by_default(bool given)
    {
        var provider = Path.Combine(_folder, "provider");
        Directory.CreateDirectory(Path.Combine(provider, "RPMS"));
        File.WriteAllText(Path.Combine(provider, "RPMS", "voms.rpm"), "voms\n");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("voms\n"u8.ToArray()));
        File.WriteAllText(Path.Combine(provider, "SHA256SUMS"), hash + "  RPMS/voms.rpm\n");
        var attachment = Path.Combine(_folder, "ReleaseChecksums.sha256");
        File.WriteAllText(attachment, hash + "  RPMS/voms.rpm\n");
        const string scratch = ".swrel/scratch/umd-4/voms/2.0.0";
        const string target = "sw/unverified/umd-4.voms/2/0/0";
        var plan = SavePlan(new RepositoryPlan(RolloutProgress.Submitted, RolloutProgress.Unverified, RepositoryPath.Parse(target),
        [
            new FetchStep("file", new Uri(provider).AbsoluteUri, RepositoryPath.Parse(scratch)),
            new VerifyStep(RepositoryPath.Parse(scratch), "SHA256SUMS"),
            new PublishStep(RepositoryPath.Parse(scratch), RepositoryPath.Parse(target)),
            new CleanStep(RepositoryPath.Parse(scratch)),
        ]));

        var run = given ? ToolRunner.Run("apply", plan, "--root", Root, "--checksums", attachment) : ToolRunner.Run("apply", plan, "--root", Root);

        if (given)
        {
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Contains("verified 1 files against the given manifest", run.Output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(ExitCodes.Invalid, run.ExitCode);
            Assert.Contains("No checksum manifest was given", run.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Local(target)));
        }
    }

    [Fact]
    public void A_refresh_index_step_needs_an_index_command()
    {
        var plan = SavePlan(new RepositoryPlan(RolloutProgress.StageRollout, RolloutProgress.Production, null,
            [new RefreshIndexStep(RepositoryPath.Parse(Unverified))]));

        var without = ToolRunner.Run("apply", plan, "--root", Root);
        var with = ToolRunner.Run("apply", plan, "--root", Root, "--index-command", "touch");

        Assert.Equal(ExitCodes.Invalid, without.ExitCode);
        Assert.Contains("--index-command", without.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, with.ExitCode);
        Assert.Contains("ran touch on " + Unverified, with.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_plan_exits_1_with_the_json_path_of_the_problem()
    {
        var plan = Path.Combine(_folder, "bad.json");
        File.WriteAllText(plan, """{ "from": "Unverified", "to": "StageRollout", "target": null, "steps": [ { "kind": "teleport" } ] }""");

        var run = ToolRunner.Run("apply", plan, "--root", Root);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("$.steps[0]", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_plan_file_exits_1_naming_it()
    {
        var missing = Path.Combine(_folder, "missing.json");

        var run = ToolRunner.Run("apply", missing, "--root", Root);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_root_exits_1_naming_it()
    {
        var plan = SavePlan(Promote());
        var missing = Path.Combine(_folder, "no-repo");

        var run = ToolRunner.Run("apply", plan, "--root", missing);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_without_root_is_a_usage_error()
    {
        var run = ToolRunner.Run("apply", SavePlan(Promote()));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--root", run.Error, StringComparison.Ordinal);
    }

    private static RepositoryPlan Promote() => new(
        RolloutProgress.Unverified,
        RolloutProgress.StageRollout,
        RepositoryPath.Parse(Stage),
        [
            new PromoteStep(RepositoryPath.Parse(Unverified), RepositoryPath.Parse(Stage), Merge: false),
            new RemoveStep(RepositoryPath.Parse(Unverified)),
        ]);

    private string SavePlan(RepositoryPlan plan)
    {
        var path = Path.Combine(_folder, "plan-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, RepositoryPlanJson.ToJson(plan));
        return path;
    }

    private string Local(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    private void Write(string relative, string content)
    {
        var path = Local(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
