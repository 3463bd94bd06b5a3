using System.Text;
using SwRel.Domain.Tickets;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Tests.Planning;
using SwRel.Repository.Tests.Transports;
using SwRel.Repository.Transports;
using static SwRel.Domain.Workflow.RolloutProgress;

namespace SwRel.Repository.Tests.Execution;

/// <summary>The planner's own plans, applied one after another with a real transport: a release's whole way into production.</summary>
public sealed class ReleaseLifecycleTests
{
    private const string UnverifiedPath = "sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3";
    private const string StagePath = "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3";
    private const string Updates = "sw/production/umd/4/centos7/x86_64/updates";

    [Fact]
    public async Task A_release_fetched_over_http_walks_from_Submitted_to_Production_and_each_plan_re_runs_without_change()
    {
        using var server = new LocalHttpServer();
        server.Files["argus/1.7.3/checksums.meta4"] = Encoding.UTF8.GetBytes("""
            <metalink xmlns="urn:ietf:params:xml:ns:metalink">
              <file name="RPMS/argus-pep-api-1.7.3.rpm"><hash type="sha-256">00</hash></file>
            </metalink>
            """);
        server.Files["argus/1.7.3/RPMS/argus-pep-api-1.7.3.rpm"] = "pep\n"u8.ToArray();
        using var repo = new TempTree();
        repo.Write(Updates + "/RPMS/voms-2.0.rpm", "voms\n");
        using var client = new HttpClient();
        var handler = new TransportStepHandler(new TransportFactory(new TransportOptions(), client));
        var executor = new PlanExecutor(handler);
        var planner = new RepositoryPlanner();

        foreach (var (from, to) in new[] { (Submitted, Unverified), (Unverified, StageRollout), (StageRollout, Production) })
        {
            var plan = planner.Plan(PlanRequests.For(from, to) with { SyncProtocol = SyncProtocol.Http, SyncUrl = server.Url("argus/1.7.3/") });
            var applied = await executor.ApplyAsync(plan, repo.Root, CancellationToken.None);
            Assert.True(applied.Succeeded, $"{from} -> {to}: {string.Join("; ", applied.Conflicts)}");
            var after = TreeSnapshot.Take(repo.Root);

            var again = await executor.ApplyAsync(plan, repo.Root, CancellationToken.None);

            Assert.True(again.Succeeded);
            Assert.True(after.SameAs(TreeSnapshot.Take(repo.Root)), $"re-running {from} -> {to} changed the tree");
        }

        Assert.Equal("pep\n", repo.Read(Updates + "/RPMS/argus-pep-api-1.7.3.rpm"));
        Assert.Equal("voms\n", repo.Read(Updates + "/RPMS/voms-2.0.rpm"));
        Assert.False(repo.Exists(StagePath));
        Assert.False(repo.Exists(UnverifiedPath));
        Assert.False(repo.Exists(".swrel/scratch/umd-4/INFN.argus.centos7.x86_64/1.7.3"));
        Assert.Equal([UnverifiedPath, UnverifiedPath, StagePath, StagePath, Updates, Updates], handler.RepositoryUrls);
    }

    /// <summary>Fetch through the transports; verify only checks the manifest arrived; the rest is recorded.</summary>
    private sealed class TransportStepHandler(TransportFactory transports) : IPlanStepHandler
    {
        public List<string> RepositoryUrls { get; } = [];

        public bool CanHandle(string kind) => true;

        public async ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken)
        {
            switch (context.Step)
            {
                case FetchStep fetch:
                    var result = await transports.Create(fetch.Protocol).FetchAsync(fetch.Source, context.LocalPath(fetch.Destination), cancellationToken);
                    return $"fetched {result.Files.Length} files";
                case VerifyStep verify:
                    Assert.True(File.Exists(Path.Combine(context.LocalPath(verify.Root), verify.Manifest)));
                    return "manifest present";
                case SetRepositoryUrlStep set:
                    RepositoryUrls.Add(set.Path.Value);
                    return set.Path.Value;
                default:
                    return context.Step.Kind;
            }
        }
    }
}
