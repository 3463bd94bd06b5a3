using System.Text;

namespace SwRel.Domain.Workflow;

/// <summary>Renders <see cref="TransitionTable"/> as a Mermaid state diagram, a Graphviz DOT graph or a Markdown table.</summary>
/// <remarks>
/// Every view is generated from the table: all 11 states, every row with its number, actor and
/// condition, each named by its <see cref="TransitionRule.Label"/> (<c>12b</c>). Row 20 (any state but Failed → Failed)
/// is drawn from each state it applies to; rows 21
/// and 22, whose target is the recorded failed transition, are drawn to the pseudo-targets "failed
/// transition's from" and "failed transition's to" in DOT and as a note on Failed in Mermaid.
/// Output uses <c>\n</c> line ends and is deterministic. Stateless and thread-safe.
/// </remarks>
public static class WorkflowDiagram
{
    /// <summary>Renders the machine as a Mermaid <c>stateDiagram-v2</c>.</summary>
    /// <returns>The diagram source, ending with a line end.</returns>
    public static string ToMermaid()
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        text.Append("    [*] --> Submitted\n");
        var notes = new List<string>();
        foreach (var rule in TransitionTable.Rules)
        {
            if (rule.TargetKind != TransitionTargetKind.Fixed)
            {
                var end = rule.TargetKind == TransitionTargetKind.FailedTransitionSource ? "from" : "to";
                notes.Add($"{Label(rule)} (goes to the failed transition's {end})");
                continue;
            }

            foreach (var from in Sources(rule))
            {
                text.Append("    ").Append(from.ToName()).Append(" --> ").Append(rule.To!.Value.ToName())
                    .Append(" : ").Append(Label(rule)).Append('\n');
            }
        }

        text.Append("    note right of Failed\n");
        foreach (var note in notes)
        {
            text.Append("        ").Append(note).Append('\n');
        }

        text.Append("    end note\n");
        foreach (var state in RolloutProgressText.All)
        {
            if (state.IsTerminal())
            {
                text.Append("    ").Append(state.ToName()).Append(" --> [*]\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Renders the machine as a Graphviz DOT digraph.</summary>
    /// <returns>The graph source, ending with a line end.</returns>
    public static string ToDot()
    {
        var text = new StringBuilder();
        text.Append("digraph RolloutProgress {\n");
        text.Append("    rankdir=LR;\n");
        text.Append("    node [shape=box, style=rounded];\n");
        text.Append("    start [shape=point];\n");
        foreach (var state in RolloutProgressText.All)
        {
            text.Append("    ").Append(state.ToName());
            text.Append(state.IsTerminal() ? " [peripheries=2];\n" : ";\n");
        }

        text.Append("    failed_from [shape=note, label=\"failed transition's from\"];\n");
        text.Append("    failed_to [shape=note, label=\"failed transition's to\"];\n");
        text.Append("    start -> Submitted;\n");
        foreach (var rule in TransitionTable.Rules)
        {
            var to = rule.TargetKind switch
            {
                TransitionTargetKind.Fixed => rule.To!.Value.ToName(),
                TransitionTargetKind.FailedTransitionSource => "failed_from",
                _ => "failed_to",
            };
            foreach (var from in Sources(rule))
            {
                text.Append("    ").Append(from.ToName()).Append(" -> ").Append(to)
                    .Append(" [label=\"").Append(EscapeDot(Label(rule))).Append('"');
                if (rule.TargetKind != TransitionTargetKind.Fixed || rule.To == RolloutProgress.Failed)
                {
                    text.Append(", style=dashed");
                }

                text.Append("];\n");
            }
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Renders the table as Markdown: number, from, to, actor, condition.</summary>
    /// <returns>The table, ending with a line end.</returns>
    public static string ToMarkdownTable()
    {
        var text = new StringBuilder();
        text.Append("| # | from | to | actor | condition |\n");
        text.Append("|---|---|---|---|---|\n");
        foreach (var rule in TransitionTable.Rules)
        {
            var from = rule.From?.ToName() ?? "any state but Failed";

            var to = rule.TargetKind switch
            {
                TransitionTargetKind.Fixed => rule.To!.Value.ToName(),
                TransitionTargetKind.FailedTransitionSource => "the failed transition's from",
                _ => "the failed transition's to",
            };
            text.Append("| ").Append(rule.Label).Append(" | ").Append(from).Append(" | ").Append(to)
                .Append(" | ").Append(TransitionContext.ActorText(rule.Actor)).Append(" | ")
                .Append(rule.Description.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        }

        return text.ToString();
    }

    private static IEnumerable<RolloutProgress> Sources(TransitionRule rule)
    {
        foreach (var state in RolloutProgressText.All)
        {
            if (rule.AppliesFrom(state))
            {
                yield return state;
            }
        }
    }

    private static string Label(TransitionRule rule) =>
        $"row {rule.Label} ({TransitionContext.ActorText(rule.Actor)}) {rule.Description}";

    private static string EscapeDot(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
