using BenchmarkDotNet.Attributes;
using SwRel.Domain.Workflow;

namespace SwRel.Benchmarks;

[MemoryDiagnoser]
public class RolloutProgressParseBenchmarks
{
    [Params("StageRollout", "Waiting for response", "Accepted")]
    public string Text { get; set; } = "";

    [Benchmark]
    public RolloutProgress Parse() => RolloutProgressText.Parse(Text);
}
