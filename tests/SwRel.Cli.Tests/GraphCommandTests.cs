using SwRel.Domain.Workflow;

namespace SwRel.Cli.Tests;

public sealed class GraphCommandTests
{
    [Theory]
    [InlineData("mermaid")]
    [InlineData("dot")]
    public void The_graph_shows_all_11_states_and_every_table_row(string format)
    {
        var run = ToolRunner.Run("graph", "--format", format);
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var state in RolloutProgressText.All)
        {
            Assert.Contains(state.ToName(), run.Output, StringComparison.Ordinal);
        }

        foreach (var rule in TransitionTable.Rules)
        {
            Assert.Contains($"row {rule.Number} (", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Mermaid_is_the_default_and_matches_the_generator()
    {
        var run = ToolRunner.Run("graph");
        Assert.Equal(WorkflowDiagram.ToMermaid(), run.Output);
    }

    [Fact]
    public void An_unknown_format_is_a_usage_error()
    {
        var run = ToolRunner.Run("graph", "--format", "svg");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("mermaid or dot", run.Error, StringComparison.Ordinal);
    }
}
