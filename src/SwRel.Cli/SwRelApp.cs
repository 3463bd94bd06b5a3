using System.CommandLine;
using System.CommandLine.Help;
using SwRel.Cli.Commands;

namespace SwRel.Cli;

/// <summary>The <c>swrel</c> command line: builds the command tree and runs it.</summary>
internal static class SwRelApp
{
    /// <summary>Runs the tool with the given arguments and streams.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="console">The streams to use.</param>
    /// <returns>The exit code: 0 success, 1 invalid input or failed check, 2 usage error.</returns>
    public static int Run(string[] args, CliConsole console)
    {
        var root = CreateRootCommand(console);
        var parse = root.Parse(HelpCommandAsOption(args));
        var command = CommandLineChecks.CommandPath(parse);
        if (CommandLineChecks.UnknownOptions(parse) is { Count: > 0 } unknown)
        {
            // A mistyped option also unbalances what follows it (its value becomes a stray argument, a required
            // option looks missing); those errors would only hide the mistake, so it is reported alone.
            foreach (var option in unknown)
            {
                console.Error.WriteLine($"{command}: unknown option '{option}'.");
            }

            console.Error.WriteLine($"Run '{command} --help' for its options.");
            return ExitCodes.Usage;
        }

        // An unknown command is one mistake: System.CommandLine adds "Required command was not provided", and with
        // --help (or 'swrel help nosuch') it drops the error and prints the general help instead.
        if (parse.UnmatchedTokens.Count > 0 && (parse.Action is HelpAction || parse.CommandResult.Command.Subcommands.Count > 0))
        {
            var what = parse.CommandResult.Command.Subcommands.Count > 0 ? "command" : "argument";
            console.Error.WriteLine($"{command}: unknown {what} '{parse.UnmatchedTokens[0]}'.");
            console.Error.WriteLine($"Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }

        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.WriteLine($"{command}: {error.Message}");
            }

            console.Error.WriteLine($"Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }

        if (parse.Action is HelpAction help)
        {
            return HelpText.Write(parse, help, console.Out);
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

    /// <summary>Builds the whole command tree, with its help as <c>--help</c> prints it.</summary>
    internal static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("swrel: the EGI software-release workflow on the command line. 'swrel help COMMAND' (or 'swrel COMMAND --help') lists a command's options.");
        foreach (var command in Commands(console))
        {
            root.Subcommands.Add(command);
        }

        HelpText.NameEnumValues(root);
        return root;
    }

    /// <summary>
    /// Reads <c>swrel help [COMMAND...]</c> as <c>swrel [COMMAND...] --help</c>: people type it, and System.CommandLine
    /// has no such command (it would report an unknown command and a missing one).
    /// </summary>
    private static string[] HelpCommandAsOption(string[] args) =>
        args is ["help", .. var rest] ? [.. rest, "--help"] : args;

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
        yield return ServeCommand.Create(console);
        yield return TicketCommand.Create(console);
        yield return QueueCommand.Create(console);
        yield return ReleasesCommand.Create(console);
        yield return RtCommand.Create(console);
    }
}
