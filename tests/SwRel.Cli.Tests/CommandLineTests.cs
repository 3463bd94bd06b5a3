namespace SwRel.Cli.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void An_unknown_command_is_a_usage_error_without_a_stack_trace()
    {
        var run = ToolRunner.Run("no-such-command");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("no-such-command", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    // SPEC §13: every command that prints a result takes --format text|json; anything else is a usage error.
    [Theory]
    [InlineData("7")]
    [InlineData("1")]
    [InlineData("xml")]
    public void A_format_that_is_not_a_name_is_a_usage_error(string format)
    {
        var run = ToolRunner.Run("classify", "1.2.3", "1.3.0", "--format", format);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"--format must be one of text, json, not '{format}'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_format_name_is_accepted_in_any_case()
    {
        var run = ToolRunner.Run("classify", "1.2.3", "1.3.0", "--format", "JSON");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith("{", run.Output.TrimStart(), StringComparison.Ordinal);
    }
}
