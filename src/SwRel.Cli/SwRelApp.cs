using System.CommandLine;
using SwRel.Cli.Commands;

namespace SwRel.Cli;

/// <summary>The <c>swrel</c> command line: builds the command tree and runs it.</summary>
public static class SwRelApp
{
    /// <summary>Runs the tool with the given arguments and streams.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="console">The streams to use.</param>
    /// <returns>The exit code: 0 success, 1 invalid input or failed check, 2 usage error.</returns>
    public static int Run(string[] args, CliConsole console)
    {
        var root = CreateRootCommand(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.WriteLine($"swrel: {error.Message}");
            }

            console.Error.WriteLine("Run 'swrel --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException e)
        {
            console.Error.WriteLine($"swrel: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine("swrel: cancelled.");
            return ExitCodes.Invalid;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or ArgumentException)
        {
            console.Error.WriteLine($"swrel: {e.Message}");
            return ExitCodes.Invalid;
        }
    }

    private static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("swrel: the EGI software-release workflow on the command line.");
        foreach (var command in Commands(console))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    // The order of SPEC §13, which is also the order of `swrel --help`.
    private static IEnumerable<Command> Commands(CliConsole console)
    {
        yield return ValidateCommand.Create(console);
        yield return ChecksumCommand.Create(console);
        yield return CompareCommand.Create(console);
        yield return ClassifyCommand.Create(console);
        yield return PlanCommand.Create(console);
        yield return ApplyCommand.Create(console);
        yield return RequestCommand.Create(console);
        yield return GraphCommand.Create(console);
        yield return MetricsCommand.Create(console);
        yield return DemoCommand.Create(console);
    }
}
