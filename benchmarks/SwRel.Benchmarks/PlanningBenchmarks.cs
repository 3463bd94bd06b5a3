using BenchmarkDotNet.Attributes;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Releases;
using SwRel.Repository.Planning;

namespace SwRel.Benchmarks;

/// <summary>Plans per second for the common transitions, and the cost of the plan's JSON form.</summary>
[MemoryDiagnoser]
public class PlanningBenchmarks
{
    private readonly RepositoryPlanner _planner = new();
    private RepositoryPlanRequest _intake = null!;
    private RepositoryPlanRequest _production = null!;
    private RepositoryPlanRequest _aptProduction = null!;
    private RepositoryPlan _plan = null!;
    private string _json = "";

    [GlobalSetup]
    public void Setup()
    {
        var argus = new ReleaseDescriptor
        {
            Dialect = ReleaseDialect.RepoEgi02,
            ProductName = "argus",
            ProductShortName = "INFN.argus.centos7.x86_64",
            TechnologyProvider = "INFN",
            ReleaseDate = new DateOnly(2018, 3, 5),
            MajorVersion = 1,
            MinorVersion = 7,
            RevisionVersion = 3,
            Incremental = true,
            TargetPlatform = "centos7",
            TargetArch = "x86_64",
            Repositories = [new ReleaseRepository(RepositoryFamily.Yum, "INFN.argus.centos7.x86_64", "/")],
            RepoFile = new ReleaseRepoFile(RepositoryFamily.Yum, "INFN.argus.centos7.x86_64.repo", "repofiles",
                [new RepoFileEntry("INFN.argus.centos7.x86_64", "/", "relative", "INFN.argus.centos7.x86_64", "INFN.argus.centos7.x86_64", "1", "1", Protect: "1")]),
        };
        var squeeze = argus with
        {
            ProductShortName = "dCache.dcache-server.debian-squeeze.x86_64",
            TargetPlatform = "debian-squeeze",
            Repositories = [new ReleaseRepository(RepositoryFamily.Apt, "dCache.dcache-server.debian-squeeze.x86_64", "/")],
            RepoFile = null,
        };
        _intake = new RepositoryPlanRequest
        {
            From = RolloutProgress.Submitted,
            To = RolloutProgress.Unverified,
            Descriptor = argus,
            MajorRelease = MajorRelease.Parse("umd-4"),
            SyncUrl = "rsync://provider.example.org/argus/",
        };
        _production = _intake with { From = RolloutProgress.StageRollout, To = RolloutProgress.Production };
        _aptProduction = _production with { Descriptor = squeeze, MajorRelease = MajorRelease.Parse("umd-3") };
        _plan = _planner.Plan(_intake);
        _json = RepositoryPlanJson.ToJson(_plan);
    }

    [Benchmark(Description = "plan Submitted→Unverified (yum, with repo file)")]
    public RepositoryPlan PlanIntake() => _planner.Plan(_intake);

    [Benchmark(Description = "plan StageRollout→Production (yum)")]
    public RepositoryPlan PlanProduction() => _planner.Plan(_production);

    [Benchmark(Description = "plan StageRollout→Production (apt)")]
    public RepositoryPlan PlanAptProduction() => _planner.Plan(_aptProduction);

    [Benchmark(Description = "plan → JSON")]
    public string WriteJson() => RepositoryPlanJson.ToJson(_plan);

    [Benchmark(Description = "JSON → plan")]
    public RepositoryPlan ParseJson() => RepositoryPlanJson.Parse(_json);
}
