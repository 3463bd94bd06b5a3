namespace SwRel.Cli.Tests;

public sealed class HelpTests
{
    public static TheoryData<string> Commands() => UnknownOptionTests.Commands();

    [Fact]
    public void Swrel_help_prints_the_general_help()
    {
        var help = ToolRunner.Run("help");

        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Equal("", help.Error);
        Assert.Contains("Commands:", help.Output, StringComparison.Ordinal);
        Assert.Equal(ToolRunner.Run("--help").Output, help.Output);
    }

    [Fact]
    public void Swrel_help_with_a_command_prints_that_commands_help()
    {
        var help = ToolRunner.Run("help", "checksum", "verify");

        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Equal(ToolRunner.Run("checksum", "verify", "--help").Output, help.Output);
        Assert.Contains("--report-extra", help.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help", "nosuch")]
    [InlineData("nosuch")]
    public void An_unknown_command_is_one_error(params string[] args)
    {
        var run = ToolRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(["swrel: unknown command 'nosuch'.", "Run 'swrel --help' for usage."], run.Error.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.Equal("", run.Output);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_names_values_as_they_are_typed_and_each_default_once(string command)
    {
        var help = ToolRunner.Run([.. command.Split(' '), "--help"]);

        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.DoesNotContain("Json|Text", help.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("[default: Text]", help.Output, StringComparison.Ordinal);
        foreach (var line in help.Output.Split('\n'))
        {
            var defaults = line.Split("default", StringSplitOptions.None).Length - 1;
            Assert.True(defaults <= 1, $"'swrel {command} --help' gives a default twice: {line.Trim()}");
        }
    }

    [Fact]
    public void The_format_option_shows_its_values_and_default_in_lower_case()
    {
        var help = ToolRunner.Run("validate", "--help");

        Assert.Contains("--format <text|json>", help.Output, StringComparison.Ordinal);
        Assert.Contains("[default: text]", help.Output, StringComparison.Ordinal);
    }
}
