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
}
