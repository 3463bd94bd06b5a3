namespace SwRel.Cli.Tests;

/// <summary>Runs the tool in-process with captured streams.</summary>
internal static class ToolRunner
{
    public static ToolRun Run(params string[] args) => RunWithInput("", args);

    public static ToolRun RunWithInput(string input, params string[] args)
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = SwRelApp.Run(args, new CliConsole(stdin, stdout, stderr, IsErrorTerminal: false));
        return new ToolRun(exit, stdout.ToString(), stderr.ToString());
    }
}

internal sealed record ToolRun(int ExitCode, string Output, string Error);
