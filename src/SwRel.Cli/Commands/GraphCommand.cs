using System.CommandLine;
using SwRel.Domain.Workflow;

namespace SwRel.Cli.Commands;

/// <summary><c>swrel graph --format mermaid|dot</c>: the rollout state machine as a diagram, generated from the transition table.</summary>
internal static class GraphCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var format = new Option<string>("--format")
        {
            Description = "Diagram format: mermaid (default) or dot.",
            DefaultValueFactory = _ => "mermaid",
        };
        var command = new Command("graph", "Print the rollout state machine (all states, every table row) as a Mermaid or DOT diagram.");
        command.Options.Add(format);
        command.SetAction(parseResult =>
        {
            var text = parseResult.GetValue(format)?.Trim().ToLowerInvariant() switch
            {
                "mermaid" => WorkflowDiagram.ToMermaid(),
                "dot" => WorkflowDiagram.ToDot(),
                var other => throw new UsageException($"--format must be mermaid or dot, not '{other}'."),
            };
            console.Out.Write(text);
            return ExitCodes.Ok;
        });
        return command;
    }
}
