using SwRel.Domain.Tickets;
using SwRel.Metadata.Checksums;
using SwRel.Metadata.Releases;
using SwRel.Repository.Execution;
using SwRel.Repository.Layout;
using SwRel.Repository.Planning;
using SwRel.Repository.Publication;
using SwRel.Repository.Tests.Planning;
using SwRel.Repository.Transports;
using RolloutProgress = SwRel.Domain.Workflow.RolloutProgress;

namespace SwRel.Repository.Tests.Publication;

/// <summary>The planner's own plans applied with the real step handler and the built-in publisher; the provider is a local folder.</summary>
internal sealed class PublicationWalk
{
    private readonly PublicationBench _bench;
    private readonly ReleaseDescriptor _descriptor;
    private readonly string _majorRelease;
    private readonly RepositoryPlanner _planner;

    public PublicationWalk(PublicationBench bench, ReleaseDescriptor descriptor, string majorRelease, string? baseUrl = null)
    {
        (_bench, _descriptor, _majorRelease) = (bench, descriptor, majorRelease);
        BaseUrl = baseUrl ?? "file://" + bench.Root + "/";
        Layout = new RepositoryLayout(new RepositoryLayoutOptions { PublicBaseUrl = BaseUrl });
        _planner = new RepositoryPlanner(Layout);
        Placement = Layout.Place(descriptor, MajorRelease.Parse(majorRelease));
        Publisher = new RepositoryPublisher(bench.Options);
    }

    public string BaseUrl { get; }

    public RepositoryLayout Layout { get; }

    public ReleasePlacement Placement { get; }

    public RepositoryPublisher Publisher { get; }

    public string Provider => Path.Combine(_bench.Folder, "provider");

    /// <summary>The provider's files as a manifest (the ticket's ReleaseChecksums attachment).</summary>
    public ChecksumManifest Manifest() => ChecksumManifestReader.Parse(
        string.Join("", Directory.GetFiles(Provider).Order(StringComparer.Ordinal).Select(f => $"{PublishedRepositoryTests.Sha256(f)}  {Path.GetFileName(f)}\n"))).Manifest!;

    public RepositoryPlan Plan(RolloutProgress from, RolloutProgress to) => _planner.Plan(PlanRequests.For(from, to, _descriptor, _majorRelease) with
    {
        SyncProtocol = SyncProtocol.File,
        SyncUrl = "file://" + Provider + "/",
        ChecksumManifest = "SHA256SUMS",
    });

    /// <summary>The step handler a pipeline would use for this release: the provider's manifest and the bench's key.</summary>
    public ReleaseStepHandler Handler(HttpClient client) => new(new TransportFactory(new TransportOptions(), client), new ReleaseStepHandlerOptions
    {
        Manifest = Manifest(),
        Publication = _bench.Options,
        SetRepositoryUrl = (step, _) => ValueTask.FromResult("RepositoryURL " + step.Path),
    });

    public async Task<RepositoryPlan> ApplyAsync(RolloutProgress from, RolloutProgress to)
    {
        var plan = Plan(from, to);
        using var client = new HttpClient();
        var result = await new PlanExecutor(Handler(client)).ApplyAsync(plan, _bench.Root, CancellationToken.None);
        Assert.True(result.Succeeded, $"{from} -> {to}: {string.Join("; ", result.Conflicts)}");
        Assert.Contains(plan.Steps, s => s is RefreshIndexStep);
        return plan;
    }
}
