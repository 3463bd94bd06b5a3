using System.CommandLine;
using System.CommandLine.Parsing;

namespace SwRel.Cli;

/// <summary>Checks of a parsed command line that System.CommandLine leaves to the application.</summary>
internal static class CommandLineChecks
{
    /// <summary>
    /// Returns the tokens that look like options but name none of the command's: System.CommandLine binds such a token
    /// to the command's arguments when it takes any (<c>validate --fromat json x.xml</c> would validate a file named
    /// <c>--fromat</c>), and reports it as an unrecognised argument otherwise.
    /// </summary>
    /// <remarks>
    /// A token counts when it starts with <c>-</c> and is more than <c>-</c> (standard input) or a negative number;
    /// everything after <c>--</c> is an argument, as usual.
    /// </remarks>
    public static IReadOnlyList<string> UnknownOptions(ParseResult parse)
    {
        var unknown = new List<string>();
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                break;
            }

            if (token.Type == TokenType.Argument && LooksLikeOption(token.Value) && !unknown.Contains(token.Value))
            {
                unknown.Add(token.Value);
            }
        }

        return unknown;
    }

    /// <summary>Returns the command's name as typed, for example <c>swrel checksum verify</c>.</summary>
    public static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is CommandResult command)
            {
                names.Add(command.Command is RootCommand ? "swrel" : command.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static bool LooksLikeOption(string value) =>
        value.Length > 1 && value[0] == '-' && !(char.IsAsciiDigit(value[1]) || value[1] == '.');
}
