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
    public const string ReleaseXml = """
        <?xml version="1.0" ?>
        <release:release xmlns:UMDmeta="http://repo.egi.eu/0.2/UMDmeta" xmlns:release="http://repo.egi.eu/0.2/release" xmlns:repofile="http://repo.egi.eu/0.2/repofile" xmlns:repository="http://repo.egi.eu/0.2/repository">
          <release:productName>argus</release:productName>
          <release:productShortName>INFN.argus.centos7.x86_64</release:productShortName>
          <release:technologyProvider>INFN</release:technologyProvider>
          <release:technologyProviderShortName>INFN</release:technologyProviderShortName>
          <release:contact>argus-support@example.org</release:contact>
          <release:technicalContact>argus-support@example.org</release:technicalContact>
          <release:description>Argus authorization service</release:description>
          <release:documentationLink>https://argus-documentation.example.org/</release:documentationLink>
          <release:ISODate>20180305</release:ISODate>
          <release:incremental>true</release:incremental>
          <release:emergency>false</release:emergency>
          <release:majorVersion>1</release:majorVersion>
          <release:minorVersion>7</release:minorVersion>
          <release:revisionVersion>3</release:revisionVersion>
          <release:releaseNotes>Bug fixes.</release:releaseNotes>
          <release:changeLog>https://example.org/argus/CHANGELOG</release:changeLog>
          <release:synchProtocol>yum</release:synchProtocol>
          <release:synchURL>n/a</release:synchURL>
          <UMDmeta:UMDmeta>
            <UMDmeta:targetPlatform>centos7</UMDmeta:targetPlatform>
            <UMDmeta:targetArch>x86_64</UMDmeta:targetArch>
            <UMDmeta:capability>Authorisation</UMDmeta:capability>
            <UMDmeta:packages>
              <UMDmeta:package arch="noarch" filename="argus-pap-1.7.3-1.el7.centos.noarch.rpm" pkgname="argus-pap" pkgtype="metapackage" release="1" url="https://example.org/argus/argus-pap-1.7.3-1.el7.centos.noarch.rpm" version="1.7.3"/>
            </UMDmeta:packages>
          </UMDmeta:UMDmeta>
          <repository:yumRepository external="false" id="INFN.argus.centos7.x86_64" path="/"/>
          <repofile:yumRepofile filename="INFN.argus.centos7.x86_64.repo" relativePath="repofiles">
            <repofile:yumRepository>
              <repofile:repoid>INFN.argus.centos7.x86_64</repofile:repoid>
              <repofile:id>INFN.argus.centos7.x86_64</repofile:id>
              <repofile:name>INFN.argus.centos7.x86_64</repofile:name>
              <repofile:baseUrl type="relative">/</repofile:baseUrl>
              <repofile:enabled>1</repofile:enabled>
              <repofile:priority>1</repofile:priority>
              <repofile:protect>1</repofile:protect>
            </repofile:yumRepository>
          </repofile:yumRepofile>
        </release:release>
        """;

    public const string UnverifiedPath = "sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3";
    public const string StageRolloutPath = "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3";
    public const string ProductionPath = "sw/production/umd/4/centos7/x86_64/updates";
    public const string Package = "argus-pap-1.7.3-1.el7.centos.noarch.rpm";

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
