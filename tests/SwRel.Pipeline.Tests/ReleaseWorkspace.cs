using SwRel.Domain.Tickets;
using System.Text;
using Microsoft.Extensions.Options;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Checksums;
using SwRel.Pipeline;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Transports;
using SwRel.Testing;

namespace SwRel.Pipeline.Tests;

/// <summary>A provider area with a small release, a repository root and the real pipeline parts over them, in a temp folder.</summary>
internal sealed class ReleaseWorkspace : IDisposable
{
    public const string ReleaseXml = ArgusRelease.Xml;

    public const string UnverifiedPath = "sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3";
    public const string StageRolloutPath = "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3";
    public const string ProductionPath = "sw/production/umd/4/centos7/x86_64/updates";
    public const string Package = ArgusRelease.Package;

    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-pipeline-").FullName;

    public ReleaseWorkspace()
    {
        var time = new ManualTimeProvider();
        Time = time;
        Queue = new InMemoryRequestQueue(time);
        Gateway = new InMemoryTicketGateway(time);
        Directory.CreateDirectory(ProviderRoot);
        File.WriteAllBytes(Path.Combine(ProviderRoot, Package), Encoding.ASCII.GetBytes("fake rpm: argus-pap 1.7.3\n"));
        Options = new ProvisioningOptions { RepositoryRoot = RepositoryRoot };
        Actions = new RepositoryActions(
            Microsoft.Extensions.Options.Options.Create(Options),
            new RepositoryPlanner(),
            new TransportFactory(new TransportOptions(), HttpClient),
            verifier: null,
            Catalogue,
            time);
    }

    public InMemoryReleaseCatalogue Catalogue { get; } = new();

    public ManualTimeProvider Time { get; }

    public InMemoryRequestQueue Queue { get; }

    public InMemoryTicketGateway Gateway { get; }

    public ProvisioningOptions Options { get; }

    public RepositoryActions Actions { get; }

    public HttpClient HttpClient { get; } = new();

    public string ProviderRoot => Path.Combine(_folder, "provider");

    public string RepositoryRoot => Path.Combine(_folder, "repository");

    public ProvisioningProcessor Processor() =>
        new(Queue, Gateway, Actions, Microsoft.Extensions.Options.Options.Create(Options), Microsoft.Extensions.Options.Options.Create(new WorkflowOptions()), Time);

    public async Task<string> ManifestAsync()
    {
        var manifest = await ManifestBuilder.CreateAsync(ProviderRoot);
        return MetalinkWriter.WriteToString(manifest);
    }

    public async Task<int> NewTicketAsync(string? releaseXml = null, string? manifest = null, string protocol = "file", string? syncUrl = null)
    {
        var attachments = new Dictionary<string, byte[]>
        {
            ["release.xml"] = Encoding.UTF8.GetBytes(releaseXml ?? ReleaseXml),
            ["checksums.xml"] = Encoding.UTF8.GetBytes(manifest ?? await ManifestAsync()),
        };
        return Gateway.CreateTicket(
            new Dictionary<string, string>
            {
                [TicketField.AssociatedMajorRelease.ToName()] = "umd-4",
                [TicketField.SyncProtocol.ToName()] = protocol,
                [TicketField.SyncUrl.ToName()] = syncUrl ?? new Uri(ProviderRoot).AbsoluteUri,
            },
            attachments);
    }

    public async Task<ProcessingReport> MoveAsync(int ticket, RolloutProgress to)
    {
        var from = Gateway.Move(ticket, to);
        await Queue.EnqueueAsync(new ProvisioningRequest(ticket, from, to, Emergency: false), default);
        var report = await Processor().ProcessNextAsync(default);
        return report!;
    }

    public bool Exists(string repositoryPath, string? file = null) =>
        file is null
            ? Directory.Exists(RepositoryPath.Parse(repositoryPath).ToLocalPath(RepositoryRoot))
            : File.Exists(Path.Combine(RepositoryPath.Parse(repositoryPath).ToLocalPath(RepositoryRoot), file));

    public void Dispose()
    {
        HttpClient.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
