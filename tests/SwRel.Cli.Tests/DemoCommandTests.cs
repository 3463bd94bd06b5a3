using System.Text.Json;

namespace SwRel.Cli.Tests;

public sealed class DemoCommandTests
{
    private const string ProductionPath = "sw/production/umd/4/centos7/x86_64/updates";

    [Fact]
    public void The_demo_walks_the_release_to_Production_printing_each_transition_and_the_final_tree()
    {
        var run = ToolRunner.Run("demo");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        foreach (var transition in new[]
        {
            "Submitted -> Unverified", "Unverified -> InVerification", "InVerification -> StageRollout", "StageRollout -> Production",
        })
        {
            Assert.Contains(transition, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("notified:  Repo; CC sw-rel-qc", run.Output, StringComparison.Ordinal);
        Assert.Contains("1. fetch ", run.Output, StringComparison.Ordinal);
        var tree = run.Output[run.Output.IndexOf("final tree", StringComparison.Ordinal)..];
        Assert.Contains($"{ProductionPath}/argus-pap-1.7.3-1.el7.centos.noarch.rpm", tree, StringComparison.Ordinal);
        Assert.Contains($"{ProductionPath}/argus-pdp-1.7.3-1.el7.centos.x86_64.rpm", tree, StringComparison.Ordinal);
        // The set-up script installs createrepo-c, gnupg and rpm, so the production tree is a signed yum repository.
        Assert.Contains("signing:      a throw-away GnuPG key", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{ProductionPath}/repodata/repomd.xml.asc", tree, StringComparison.Ordinal);
        Assert.Contains("keys/RPM-GPG-KEY-swrel", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("sw/unverified/", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("sw/stagerollout/", tree, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Without_keep_the_work_folder_is_removed()
    {
        var run = ToolRunner.Run("demo");

        var line = run.Output.Split('\n').Single(l => l.TrimStart().StartsWith("work folder:", StringComparison.Ordinal));
        var folder = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.False(Directory.Exists(folder), folder);
    }

    [Fact]
    public void With_keep_the_repository_stays_in_the_given_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "swrel-demo-keep-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = ToolRunner.Run("demo", "--keep", folder);

            Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
            var production = Path.Combine(folder, "repository", ProductionPath.Replace('/', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(Path.Combine(production, "argus-pap-1.7.3-1.el7.centos.noarch.rpm")));
            Assert.True(File.Exists(Path.Combine(folder, "ticket", "release.xml")));
            Assert.Contains(folder, run.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Keeping_into_a_folder_that_holds_files_is_a_usage_error()
    {
        var folder = Directory.CreateTempSubdirectory("swrel-demo-full-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "precious.txt"), "keep me");

            var run = ToolRunner.Run("demo", "--keep", folder);

            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            Assert.Contains("must be new or empty", run.Error, StringComparison.Ordinal);
            Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder, "precious.txt")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_json_report_holds_every_transition_with_its_plans_and_the_tree()
    {
        var run = ToolRunner.Run("demo", "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.Equal("Production", root.GetProperty("rolloutProgress").GetString());
        Assert.Equal(ProductionPath, root.GetProperty("repositoryUrl").GetString());
        var transitions = root.GetProperty("transitions").EnumerateArray().ToArray();
        Assert.Equal(["Unverified", "InVerification", "StageRollout", "Production"], transitions.Select(t => t.GetProperty("to").GetString()));
        Assert.All(transitions, t => Assert.Equal("Succeeded", t.GetProperty("outcome").GetString()));
        Assert.Contains(root.GetProperty("tree").EnumerateArray(), f => f.GetProperty("path").GetString()!.StartsWith(ProductionPath + "/", StringComparison.Ordinal));
    }
}
