using System.CommandLine;
using System.CommandLine.Parsing;

namespace SwRel.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>Creates the <c>--format text|json</c> option.</summary>
    public static Option<OutputFormat> Format() => new("--format")
    {
        Description = "Output format: text or json.",
        DefaultValueFactory = _ => OutputFormat.Text,
        CustomParser = result => ParseName(result, "--format", OutputFormat.Text),
    };

    /// <summary>
    /// Parses an enum option by name, in any case. Numbers are refused: the default enum binding
    /// would take <c>--format 7</c> as an undefined value and fall through to the text output.
    /// </summary>
    public static TEnum ParseName<TEnum>(ArgumentResult result, string option, TEnum fallback)
        where TEnum : struct, Enum
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }

        var text = result.Tokens[^1].Value.Trim();
        var names = Enum.GetNames<TEnum>();
        foreach (var name in names)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse<TEnum>(name);
            }
        }

        var expected = string.Join(", ", names.Select(n => n.ToLowerInvariant()));
        result.AddError($"{option} must be one of {expected}, not '{text}'.");
        return fallback;
    }
}
