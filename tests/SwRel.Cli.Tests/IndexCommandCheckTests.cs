namespace SwRel.Cli.Tests;

public sealed class IndexCommandCheckTests : IDisposable
{
    private const string Stage = "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3";
    private const string Production = "sw/production/umd/4/centos7/x86_64/updates";
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-index-").FullName;

    public IndexCommandCheckTests() => Directory.CreateDirectory(Root);

    private string Root => Path.Combine(_folder, "repo");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_production_plan_without_index_command_reports_the_flag_and_every_other_problem_together()
    {
        var plan = ProductionPlan();

        var run = ToolRunner.Run("apply", plan, "--root", Root);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        var errors = run.Error.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(3, errors.Length);
        Assert.StartsWith($"swrel: The plan refreshes the index of {Production}: give --index-command PROGRAM", errors[0], StringComparison.Ordinal);
        Assert.Equal($"swrel: The plan, step 1: {Stage}: the source does not exist.", errors[1]);
        Assert.Equal($"swrel: The plan, step 2: {Stage}: the source does not exist.", errors[2]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Root));
    }

    [Fact]
    public void A_production_plan_that_is_otherwise_sound_is_refused_for_the_flag_alone_and_changes_nothing()
    {
        Write(Stage + "/RPMS/argus.rpm", "argus\n");
        var plan = ProductionPlan();

        var run = ToolRunner.Run("apply", plan, "--root", Root);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("give --index-command PROGRAM", Assert.Single(run.Error.TrimEnd().Split('\n')), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, Stage, "RPMS", "argus.rpm")));
        Assert.False(Directory.Exists(Path.Combine(Root, "sw", "production")));
    }

    [Fact]
    public void A_dry_run_needs_no_index_command()
    {
        Write(Stage + "/RPMS/argus.rpm", "argus\n");

        var run = ToolRunner.Run("apply", ProductionPlan(), "--root", Root, "--dry-run");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("refresh-index", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_index_command_the_production_plan_applies()
    {
        Write(Stage + "/RPMS/argus.rpm", "argus\n");

        var run = ToolRunner.Run("apply", ProductionPlan(), "--root", Root, "--index-command", "true");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(Root, Production, "RPMS", "argus.rpm")));
    }

    [Fact]
    public void A_gpg_home_without_a_gpg_key_is_a_usage_error_that_changes_nothing()
    {
        Write(Stage + "/RPMS/argus.rpm", "argus\n");

        var run = ToolRunner.Run("apply", ProductionPlan(), "--root", Root, "--gpg-home", _folder);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("swrel: --gpg-home needs --gpg-key, the key in it that signs.", run.Error.TrimEnd());
        Assert.False(Directory.Exists(Path.Combine(Root, "sw", "production")));
    }

    [Fact]
    public void With_a_signing_key_the_built_in_publisher_refreshes_the_index_and_a_key_it_lacks_rolls_the_plan_back()
    {
        Write(Stage + "/RPMS/argus.rpm", "argus\n");
        var home = Directory.CreateDirectory(Path.Combine(_folder, "gnupg")).FullName;

        var run = ToolRunner.Run("apply", ProductionPlan(), "--root", Root, "--gpg-home", home, "--gpg-key", "nobody@swrel.invalid");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("refresh-index", run.Error, StringComparison.Ordinal);
        Assert.Contains("The key 'nobody@swrel.invalid' is not in the GnuPG home", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("give --index-command", run.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, Stage, "RPMS", "argus.rpm")));
        Assert.False(Directory.Exists(Path.Combine(Root, "sw", "production")));
    }

    private string ProductionPlan()
    {
        var release = Path.Combine(_folder, "release.xml");
        File.WriteAllText(release, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Releases", "INFN.argus.centos7.x86_64-1.7.3.xml")));
        var plan = ToolRunner.Run("plan", release, "-m", "umd-4", "-t", "StageRollout:Production", "--format", "json");
        Assert.Equal(ExitCodes.Ok, plan.ExitCode);
        var path = Path.Combine(_folder, "plan.json");
        File.WriteAllText(path, plan.Output);
        return path;
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
