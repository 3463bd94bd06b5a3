using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace SwRel.Cli;

/// <summary>Makes <c>--help</c> show values as they are typed and each default once.</summary>
/// <remarks>
/// System.CommandLine lists an enum option's values as its member names (<c>&lt;Json|Text&gt;</c>) and appends
/// <c>[default: Text]</c> to every option with a default, even when the description already says it in words (which
/// can be truer than the value, as with "the number of processors"). Its help builder cannot be customised, so the
/// help names are set here and the text it writes is adjusted line by line.
/// </remarks>
internal static class HelpText
{
    private const string DefaultLabel = " [default: ";

    /// <summary>Gives every enum option without a help name its values in lower case, as they are typed.</summary>
    /// <param name="root">The command tree.</param>
    public static void NameEnumValues(RootCommand root)
    {
        foreach (var option in AllOptions(root))
        {
            if (option.ValueType.IsEnum && option.HelpName is null)
            {
                option.HelpName = string.Join('|', Enum.GetNames(option.ValueType).Select(n => n.ToLowerInvariant()));
            }
        }
    }

    /// <summary>Writes the help that <paramref name="parse"/> asks for, each default shown once and as it is typed.</summary>
    /// <param name="parse">A parse whose action is <paramref name="help"/>.</param>
    /// <param name="help">The help action.</param>
    /// <param name="output">Where to write it.</param>
    /// <returns>The exit code, 0.</returns>
    public static int Write(ParseResult parse, HelpAction help, TextWriter output)
    {
        // One line per option, so that each option's default label is on its own line.
        help.MaxWidth = int.MaxValue;
        using var text = new StringWriter();
        var exit = parse.Invoke(new InvocationConfiguration { Output = text, Error = output, EnableDefaultExceptionHandler = false });
        var options = parse.CommandResult.Command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive)).ToList();
        var result = new StringBuilder();
        foreach (var line in text.ToString().Split('\n'))
        {
            if (result.Length > 0)
            {
                result.Append('\n');
            }

            result.Append(AdjustDefault(line.TrimEnd('\r'), options));
        }

        output.Write(result.ToString().TrimEnd('\n').Replace("\n", Environment.NewLine, StringComparison.Ordinal));
        output.WriteLine();
        output.WriteLine();
        return exit;
    }

    private static string AdjustDefault(string line, List<Option> options)
    {
        var label = line.LastIndexOf(DefaultLabel, StringComparison.Ordinal);
        if (label < 0 || !line.EndsWith(']') || OptionOf(line, options) is not { } option)
        {
            return line;
        }

        var description = line[..label];
        if (description.Contains("default", StringComparison.OrdinalIgnoreCase))
        {
            return description;
        }

        return option.ValueType.IsEnum ? description + DefaultLabel + line[(label + DefaultLabel.Length)..].ToLowerInvariant() : line;
    }

    private static Option? OptionOf(string line, List<Option> options)
    {
        // The first column: the aliases and the value's name, up to the gap before the description.
        var gap = line.TrimStart().IndexOf("  ", StringComparison.Ordinal);
        if (gap < 0)
        {
            return null;
        }

        var names = line.TrimStart()[..gap].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return options.FirstOrDefault(o => names.Contains(o.Name, StringComparer.Ordinal));
    }

    private static IEnumerable<Option> AllOptions(Command command) =>
        command.Options.Concat(command.Subcommands.SelectMany(AllOptions));
}
