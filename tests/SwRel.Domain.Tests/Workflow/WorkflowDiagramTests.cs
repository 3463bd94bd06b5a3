using SwRel.Domain.Workflow;
using SwRel.Tests;

namespace SwRel.Domain.Tests.Workflow;

public sealed class WorkflowDiagramTests
{
    [Fact]
    public void The_Mermaid_diagram_shows_every_state_and_every_row()
    {
        var mermaid = WorkflowDiagram.ToMermaid();
        Assert.StartsWith("stateDiagram-v2\n", mermaid, StringComparison.Ordinal);
        foreach (var state in RolloutProgressText.All)
        {
            Assert.Contains(state.ToName(), mermaid, StringComparison.Ordinal);
        }

        foreach (var rule in TransitionTable.Rules)
        {
            Assert.Contains($"row {rule.Number} (", mermaid, StringComparison.Ordinal);
            Assert.Contains(rule.Description, mermaid, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_DOT_graph_shows_every_state_and_every_row()
    {
        var dot = WorkflowDiagram.ToDot();
        Assert.StartsWith("digraph RolloutProgress {", dot, StringComparison.Ordinal);
        foreach (var state in RolloutProgressText.All)
        {
            Assert.Contains($"    {state.ToName()}", dot, StringComparison.Ordinal);
        }

        foreach (var rule in TransitionTable.Rules)
        {
            Assert.Contains($"label=\"row {rule.Number} (", dot, StringComparison.Ordinal);
        }

        // Row 20 applies from every state but Failed.
        Assert.Equal(10, dot.Split("row 20 (").Length - 1);
    }

    [Fact]
    public void The_Mermaid_block_in_docs_workflow_md_is_the_generated_one()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "workflow.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        const string open = "```mermaid\n";
        var start = docs.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/workflow.md has no ```mermaid block");
        var end = docs.IndexOf("```", start + open.Length, StringComparison.Ordinal);
        var block = docs[(start + open.Length)..end];
        Assert.Equal(WorkflowDiagram.ToMermaid(), block);
        Assert.Contains(WorkflowDiagram.ToMarkdownTable(), docs, StringComparison.Ordinal);
    }
}
