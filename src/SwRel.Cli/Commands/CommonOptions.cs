using System.CommandLine;

namespace SwRel.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>Creates the <c>--format text|json</c> option.</summary>
    public static Option<OutputFormat> Format() => new("--format")
    {
        Description = "Output format: text or json.",
        DefaultValueFactory = _ => OutputFormat.Text,
    };
}
