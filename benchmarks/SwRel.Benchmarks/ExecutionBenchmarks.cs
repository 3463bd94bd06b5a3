using BenchmarkDotNet.Attributes;
using SwRel.Domain.Workflow;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;

namespace SwRel.Benchmarks;

/// <summary>
/// The executor on a production merge of <see cref="Files"/> small files into a shared updates folder that
/// already holds as many: a real apply (staging, journal, fsync, renames), a dry run, and a re-run of an
/// applied plan (every file compared, nothing changed).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class ExecutionBenchmarks
{
    private const string Source = "sw/stagerollout/umd-4.bench/1/0/0";
    private const string Destination = "sw/production/umd/4/centos7/x86_64/updates";

    private readonly PlanExecutor _executor = new();
    private readonly RepositoryPlan _merge = new(
        RolloutProgress.StageRollout,
        RolloutProgress.Production,
        RepositoryPath.Parse(Destination),
        [new PromoteStep(RepositoryPath.Parse(Source), RepositoryPath.Parse(Destination), Merge: true)]);

    private string _root = "";

    [Params(200)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "swrel-bench-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < Files; i++)
        {
            Write($"{Source}/RPMS/new-{i:D4}.rpm", i);
            Write($"{Destination}/RPMS/old-{i:D4}.rpm", i);
        }
    }

    [IterationSetup(Target = nameof(Apply))]
    public void RemoveMergedFiles()
    {
        var merged = Path.Combine(_root, Destination, "RPMS");
        foreach (var file in Directory.EnumerateFiles(merged, "new-*"))
        {
            File.Delete(file);
        }
    }

    [IterationSetup(Target = nameof(Reapply))]
    public void EnsureApplied() => _executor.ApplyAsync(_merge, _root, CancellationToken.None).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public bool Apply() => _executor.ApplyAsync(_merge, _root, CancellationToken.None).GetAwaiter().GetResult().Changed;

    [Benchmark]
    public bool Reapply() => _executor.ApplyAsync(_merge, _root, CancellationToken.None).GetAwaiter().GetResult().Changed;

    [Benchmark]
    public bool DryRun() => _executor.DryRunAsync(_merge, _root, CancellationToken.None).GetAwaiter().GetResult().Changed;

    private void Write(string relative, int seed)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var content = new byte[4096];
        new Random(seed).NextBytes(content);
        File.WriteAllBytes(path, content);
    }
}
