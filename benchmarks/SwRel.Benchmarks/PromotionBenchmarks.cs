using BenchmarkDotNet.Attributes;
using SwRel.Domain.Workflow;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;

namespace SwRel.Benchmarks;

/// <summary>
/// A promote of <see cref="Files"/> files from stage rollout into production, in process: within one file system the
/// files are linked, not copied, so the time should not grow with <see cref="FileBytes"/> (target: 4 KiB and 5 MiB
/// files within 20 % of each other).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class PromotionBenchmarks
{
    private const string Source = "sw/stagerollout/umd-4.bench/1/0/0";
    private const string Destination = "sw/production/umd/4/centos7/x86_64/base";

    private readonly PlanExecutor _executor = new();
    private readonly RepositoryPlan _promote = new(
        RolloutProgress.StageRollout,
        RolloutProgress.Production,
        RepositoryPath.Parse(Destination),
        [new PromoteStep(RepositoryPath.Parse(Source), RepositoryPath.Parse(Destination), Merge: false)]);

    private string _root = "";

    [Params(200)]
    public int Files { get; set; }

    [Params(4 * 1024, 5 * 1024 * 1024)]
    public int FileBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "swrel-bench-" + Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(_root, Source, "RPMS");
        Directory.CreateDirectory(folder);
        var content = new byte[FileBytes];
        for (var i = 0; i < Files; i++)
        {
            new Random(i).NextBytes(content);
            using var file = new FileStream(Path.Combine(folder, $"bench-{i:D4}.rpm"), FileMode.CreateNew, FileAccess.Write);
            file.Write(content);

            // A release in stage rollout has long been on the disk; unwritten data would make the first journal
            // flush of a run write the whole release out and time the disk, not the promotion.
            file.Flush(flushToDisk: true);
        }
    }

    [IterationSetup]
    public void RemovePromotedRelease()
    {
        var promoted = Path.Combine(_root, Destination);
        if (Directory.Exists(promoted))
        {
            Directory.Delete(promoted, recursive: true);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public bool Promote() => _executor.ApplyAsync(_promote, _root, CancellationToken.None).GetAwaiter().GetResult().Changed;
}
