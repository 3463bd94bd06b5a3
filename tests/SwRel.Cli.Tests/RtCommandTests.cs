namespace SwRel.Cli.Tests;

/// <summary><c>swrel rt</c>: the parts that need no RT (the RT side is tested against a real RT in SwRel.Rt.Tests).</summary>
public sealed class RtCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("swrel-rt-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Initialdata_writes_the_initialdata_file_and_with_rt_config_the_configuration_with_the_daemon_url_and_token()
    {
        var data = Path.Combine(folder, "swrel.pl");
        var config = Path.Combine(folder, "swrel.pm");
        var token = Path.Combine(folder, "token");
        File.WriteAllText(token, "s3cret-token\n");

        var run = ToolRunner.Run("rt", "initialdata", "-o", data, "--rt-config", config, "--daemon-url", "https://repo.example.org/transition", "--daemon-token-file", token);

        Assert.Equal(0, run.ExitCode);
        var initialData = File.ReadAllText(data);
        Assert.Contains("Name => 'sw-rel'", initialData, StringComparison.Ordinal);
        Assert.Contains("Name => 'RolloutProgress'", initialData, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", initialData, StringComparison.Ordinal);
        var configText = File.ReadAllText(config);
        Assert.Contains("Set($SwRelDaemonUrl, 'https://repo.example.org/transition');", configText, StringComparison.Ordinal);
        Assert.Contains("Set($SwRelDaemonToken, 's3cret-token');", configText, StringComparison.Ordinal);
    }

    [Fact]
    public void Initialdata_with_rt_config_but_no_daemon_url_is_a_usage_error_naming_the_flag()
    {
        var run = ToolRunner.Run("rt", "initialdata", "-o", Path.Combine(folder, "swrel.pl"), "--rt-config", Path.Combine(folder, "swrel.pm"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--daemon-url", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "swrel.pl")));
    }

    [Fact]
    public void History_of_a_ticket_number_that_is_not_positive_is_a_usage_error()
    {
        var run = ToolRunner.Run("rt", "history", "0", "--rt-url", "http://127.0.0.1:9/");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("TICKET must be a positive ticket number", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_with_an_rt_url_that_is_not_http_is_a_usage_error_naming_the_flag()
    {
        var run = ToolRunner.Run("rt", "check", "--rt-url", "ftp://rt.example.org/");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--rt-url must be RT's absolute http or https URL", run.Error, StringComparison.Ordinal);
    }
}
