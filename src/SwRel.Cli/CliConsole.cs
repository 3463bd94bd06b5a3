namespace SwRel.Cli;

/// <summary>The streams a command reads and writes, so that tests can run the tool in-process.</summary>
/// <param name="In">Standard input.</param>
/// <param name="Out">Standard output: results.</param>
/// <param name="Error">Standard error: diagnostics and progress.</param>
/// <param name="IsErrorTerminal">Whether standard error is an interactive terminal (progress bars are drawn only then).</param>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error, bool IsErrorTerminal)
{
    /// <summary>Gets the process's own standard streams.</summary>
    public static CliConsole System => new(
        global::System.Console.In,
        global::System.Console.Out,
        global::System.Console.Error,
        !global::System.Console.IsErrorRedirected);
}
