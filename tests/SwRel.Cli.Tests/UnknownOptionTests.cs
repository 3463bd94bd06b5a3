using System.CommandLine;

namespace SwRel.Cli.Tests;

public sealed class UnknownOptionTests
{
    /// <summary>Every command that runs (the leaves of the tree), as the words that name it: <c>checksum verify</c>.</summary>
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var path in Leaves(SwRelApp.CreateRootCommand(new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null, false)), []))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_mistyped_option_is_a_usage_error_naming_it_on_every_command(string command)
    {
        var run = ToolRunner.Run([.. command.Split(' '), "--fromat", "json", "release.xml"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"swrel {command}: unknown option '--fromat'.", run.Error.Split('\n')[0].TrimEnd('\r'));
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Validate_does_not_read_a_mistyped_option_and_its_value_as_file_names()
    {
        var run = ToolRunner.Run("validate", "--fromat", "json", "x.xml");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.DoesNotContain("cannot read", run.Error + run.Output, StringComparison.Ordinal);
        Assert.Contains("Run 'swrel validate --help' for its options.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_mistyped_option_is_refused_too()
    {
        var run = ToolRunner.Run("plan", "-x", "release.xml", "-m", "umd-4", "-t", "StageRollout:Production");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("swrel plan: unknown option '-x'.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_dash_still_reads_standard_input()
    {
        var run = ToolRunner.RunWithInput("<not-a-release/>", "validate", "-");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.DoesNotContain("unknown option", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_double_dash_a_name_that_starts_with_a_dash_is_a_file()
    {
        var run = ToolRunner.Run("validate", "--", "-release.xml");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("-release.xml:0:0: error: cannot read the file", run.Output, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Leaves(Command command, List<string> path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return string.Join(' ', path);
            yield break;
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, [.. path, sub.Name]))
            {
                yield return leaf;
            }
        }
    }
}
