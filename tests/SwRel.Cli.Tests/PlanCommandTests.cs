using System.Text.Json;

namespace SwRel.Cli.Tests;

public sealed class PlanCommandTests : IDisposable
{
    // The shared examples, linked into TestData/Releases from SwRel.Metadata.Tests.
    private static readonly string Argus = Example("INFN.argus.centos7.x86_64-1.7.3.xml");

    private static readonly string Nrms = Example("nrms-minimal.xml");

    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-plan-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Example(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Releases", name));

    private string ArgusFile => Write("INFN.argus.centos7.x86_64-1.7.3.xml", Argus);

    // The example with synchURL n/a and no packages: nothing to fetch from unless the ticket names a SyncURL.
    private string ArgusWithoutPackagesFile => Write(
        "INFN.argus.centos7.x86_64-1.7.3.xml",
        System.Text.RegularExpressions.Regex.Replace(Argus, "<UMDmeta:package .*?/>", ""));

    private string NrmsFile => Write("nrms-minimal.xml", Nrms);

    // SPEC §11: sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3, repo file at repofiles/INFN.argus.centos7.x86_64.repo.
    [Fact]
    public void Submitted_to_Unverified_prints_the_intake_plan_at_the_real_path()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "--major-release", "umd-4", "--transition", "Submitted:Unverified",
            "--sync-url", "rsync://provider.example.org/argus/1.7.3/");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Submitted -> Unverified: target sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3", run.Output, StringComparison.Ordinal);
        Assert.Contains("write-repo-file sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3/repofiles/INFN.argus.centos7.x86_64.repo", run.Output, StringComparison.Ordinal);
        Assert.Contains("fetch rsync rsync://provider.example.org/argus/1.7.3/", run.Output, StringComparison.Ordinal);
    }

    // SPEC §13: "base or updates follows the descriptor's incremental (NRMS: --release-type, which also overrides)".
    [Theory]
    [InlineData(null, "sw/production/umd/4/centos7/x86_64/updates")]
    [InlineData("NonIncremental", "sw/production/umd/4/centos7/x86_64/base")]
    [InlineData("incremental", "sw/production/umd/4/centos7/x86_64/updates")]
    public void The_production_folder_follows_incremental_unless_a_release_type_is_given(string? releaseType, string target)
    {
        string[] args = ["plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production", "--format", "json"];
        if (releaseType is not null)
        {
            args = [.. args, "--release-type", releaseType];
        }

        var run = ToolRunner.Run(args);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var plan = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal(target, plan.GetProperty("target").GetString());
        Assert.EndsWith("INFN.argus.centos7.x86_64-1.7.3.xml", plan.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal("promote", plan.GetProperty("steps")[0].GetProperty("kind").GetString());
        Assert.True(plan.GetProperty("steps")[0].GetProperty("merge").GetBoolean());
        Assert.Equal(
            ["repofiles", "repodata", "checksums.meta4"],
            plan.GetProperty("steps")[0].GetProperty("exclude").EnumerateArray().Select(e => e.GetString()));
    }

    // The production merge leaves the release's own repo files, index and manifest out of the shared folder.
    [Fact]
    public void A_production_plan_shows_what_the_merge_leaves_out()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(
            "promote sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3 -> sw/production/umd/4/centos7/x86_64/updates (merge, packages only, excluding repofiles, repodata, checksums.meta4)",
            run.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_has_one_object_per_file_and_reads_back_as_plans()
    {
        var run = ToolRunner.Run("plan", ArgusFile, NrmsFile, "-m", "umd-4", "-t", "Deferred:StageRollout", "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var plans = SwRel.Repository.Planning.RepositoryPlanJson.ParseAll(run.Output);
        Assert.Equal(2, plans.Length);
        Assert.Equal("sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3", plans[0].Target?.Value);
        Assert.Equal("sw/stagerollout/EMI/3.2.1", plans[1].Target?.Value);
    }

    [Fact]
    public void A_release_leaving_the_workflow_has_a_null_target()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:NotPublished", "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement[0].GetProperty("target").ValueKind);
    }

    [Fact]
    public void An_nrms_descriptor_uses_its_own_synch_url_for_the_fetch()
    {
        var run = ToolRunner.Run("plan", NrmsFile, "-m", "emi-3", "-t", "Submitted:Unverified");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("fetch rsync rsync://repository.example.org/emi/3.2.1/", run.Output, StringComparison.Ordinal);
        Assert.Contains("target sw/unverified/EMI/3.2.1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fetch_without_a_sync_url_or_package_urls_fails_naming_the_file()
    {
        var run = ToolRunner.Run("plan", ArgusWithoutPackagesFile, "-m", "umd-4", "-t", "Submitted:Unverified");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("INFN.argus.centos7.x86_64-1.7.3.xml: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("SyncURL", run.Error, StringComparison.Ordinal);
    }

    // SPEC §11: a 0.2 descriptor whose synchURL is n/a "is fetched package by package from each UMDmeta:package url".
    // SPEC §11: "the CA distribution publishes ca-1 at sw/production/cas/1/current".
    [Fact]
    public void Ca_1_goes_to_its_fixed_production_folder_and_a_layout_config_can_override_any_major_release()
    {
        var config = Write("layout.json", """{"overrides": {"umd-4": {"production": "sw/production/umd4-all"}}}""");

        var ca = ToolRunner.Run("plan", ArgusFile, "-m", "ca-1", "-t", "StageRollout:Production", "--format", "json");
        var umd = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production", "--layout-config", config, "--format", "json");
        var bad = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production", "--layout-config", Write("bad.json", """{"overides": {}}"""));

        Assert.Equal(ExitCodes.Ok, ca.ExitCode);
        using (var json = System.Text.Json.JsonDocument.Parse(ca.Output))
        {
            Assert.Equal("sw/production/cas/1/current", json.RootElement[0].GetProperty("target").GetString());
        }

        Assert.Equal(ExitCodes.Ok, umd.ExitCode);
        using (var json = System.Text.Json.JsonDocument.Parse(umd.Output))
        {
            Assert.Equal("sw/production/umd4-all", json.RootElement[0].GetProperty("target").GetString());
        }

        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
        Assert.Contains("unknown field 'overides'", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Checksums_that_do_not_list_every_package_refuse_the_plan_by_file_name()
    {
        var checksums = Write("ReleaseChecksums.sha256", new string('a', 64) + "  argus-pap-1.7.3-1.el7.centos.noarch.rpm\n");

        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "Submitted:Unverified", "--checksums", checksums);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("--checksums does not list argus-pdp-1.7.3-1.el7.centos.x86_64.rpm", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output.Trim());
    }

    [Fact]
    public void A_release_with_synch_url_n_a_is_planned_package_by_package()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "Submitted:Unverified", "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Output);
        var fetch = json.RootElement[0].GetProperty("steps")[0];
        Assert.Equal("packages", fetch.GetProperty("protocol").GetString());
        Assert.Equal("argus-pap-1.7.3-1.el7.centos.noarch.rpm", fetch.GetProperty("packages")[0].GetProperty("fileName").GetString());
        Assert.Equal("https://example.org/argus/argus-pap-1.7.3-1.el7.centos.noarch.rpm", fetch.GetProperty("packages")[0].GetProperty("url").GetString());
    }

    [Fact]
    public void A_file_sync_url_is_fetched_with_the_file_transport_whatever_the_descriptor_says()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "Submitted:Unverified", "--sync-url", "file:///srv/releases/argus/1.7.3");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("fetch file file:///srv/releases/argus/1.7.3 -> ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sync_protocol_that_contradicts_the_sync_urls_scheme_is_a_usage_error_naming_both()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "Submitted:Unverified",
            "--sync-url", "file:///srv/releases/argus/1.7.3", "--sync-protocol", "rsync");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--sync-protocol rsync does not match the SyncURL 'file:///srv/releases/argus/1.7.3', whose scheme is file", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("Submitted:Unverified", "Give it with --sync-url URL.")]
    [InlineData("Failed:Unverified", "Give the failed transition with --failed-transition FROM:TO.")]
    [InlineData("StageRollout:InVerification", "Check --transition.")]
    public void A_planning_error_that_a_flag_fixes_names_the_flag(string transition, string hint)
    {
        var run = ToolRunner.Run("plan", ArgusWithoutPackagesFile, "-m", "umd-4", "-t", transition);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.EndsWith(hint, run.Error.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("SPEC", run.Error, StringComparison.Ordinal);
    }

    // SPEC §2.1: "Everything not in the table is refused".
    [Fact]
    public void A_transition_outside_the_table_is_refused()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:InVerification");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("not in the transition table", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_needs_and_uses_the_failed_transition()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "Failed:Production", "--failed-transition", "StageRollout:Production");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Failed -> Production: target sw/production/umd/4/centos7/x86_64/updates", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_release_xml_is_reported_with_file_line_and_column()
    {
        var bad = Write("bad.xml", "<Release><DistributionName>x</DistributionName></Release>");

        var run = ToolRunner.Run("plan", bad, ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production", "--format", "json");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Matches(@"bad\.xml:\d+:\d+: ", run.Error);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Single(json.RootElement.EnumerateArray().ToList());
    }

    [Fact]
    public void A_missing_file_is_an_error_without_a_stack_trace()
    {
        var run = ToolRunner.Run("plan", Path.Combine(_folder, "absent.xml"), "-m", "umd-4", "-t", "StageRollout:Production");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("absent.xml", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--transition", "StageRollout-Production")]
    [InlineData("--transition", "Staged:Production")]
    [InlineData("--major-release", "umd")]
    [InlineData("--release-type", "Delta")]
    [InlineData("--preset", "Debian")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        string[] args = ["plan", ArgusFile, "-m", "umd-4", "-t", "StageRollout:Production"];
        args = option switch
        {
            "--transition" => ["plan", ArgusFile, "-m", "umd-4", option, value],
            "--major-release" => ["plan", ArgusFile, "-t", "StageRollout:Production", option, value],
            _ => [.. args, option, value],
        };

        var run = ToolRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(value, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_options_are_usage_errors()
    {
        var run = ToolRunner.Run("plan", ArgusFile);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--major-release", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nrms_preset_can_be_chosen()
    {
        var run = ToolRunner.Run("plan", ArgusFile, "-m", "umd-4", "-t", "InVerification:Rejected", "--preset", "Nrms2010");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("remove sw/unverified/INFN.argus.centos7.x86_64/1.7.3", run.Output, StringComparison.Ordinal);
    }
}
