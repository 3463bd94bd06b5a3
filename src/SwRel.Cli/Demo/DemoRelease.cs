using System.Text;
using SwRel.Metadata.Checksums;
using SwRel.Metadata.Releases;

namespace SwRel.Cli.Demo;

/// <summary>The demo's release: the embedded release.xml, a provider area with small fake packages, and their checksum manifest.</summary>
internal sealed class DemoRelease
{
    /// <summary>The repo.egi.eu 0.2 example (Argus 1.7.3 for CentOS 7), with example.org links.</summary>
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
        	<release:releaseNotes>Bug fixes for the PAP and PDP services.</release:releaseNotes>
        	<release:changeLog>https://example.org/argus/1.7.3/CHANGELOG</release:changeLog>
        	<release:synchProtocol>yum</release:synchProtocol>
        	<release:synchURL>n/a</release:synchURL>
        	<UMDmeta:UMDmeta>
        		<UMDmeta:targetPlatform>centos7</UMDmeta:targetPlatform>
        		<UMDmeta:targetArch>x86_64</UMDmeta:targetArch>
        		<UMDmeta:capability>Authorisation</UMDmeta:capability>
        		<UMDmeta:packages>
        			<UMDmeta:package arch="noarch" filename="argus-pap-1.7.3-1.el7.centos.noarch.rpm" pkgname="argus-pap" pkgtype="metapackage" release="1" url="https://example.org/argus/argus-pap-1.7.3-1.el7.centos.noarch.rpm" version="1.7.3"/>
        			<UMDmeta:package arch="x86_64" filename="argus-pdp-1.7.3-1.el7.centos.x86_64.rpm" pkgname="argus-pdp" pkgtype="metapackage" release="1" url="https://example.org/argus/argus-pdp-1.7.3-1.el7.centos.x86_64.rpm" version="1.7.3"/>
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

    // The four bytes every RPM file starts with (its "lead"), so that the fakes look like packages to `file`.
    private static readonly byte[] RpmLead = [0xED, 0xAB, 0xEE, 0xDB];

    private DemoRelease(ReleaseDescriptor descriptor, string providerRoot, byte[] manifest)
    {
        Descriptor = descriptor;
        ProviderRoot = providerRoot;
        ManifestBytes = manifest;
    }

    public ReleaseDescriptor Descriptor { get; }

    public string ProviderRoot { get; }

    /// <summary>Gets <see cref="ReleaseXml"/> encoded as UTF-8, the release.xml attached to the ticket; a fresh array each time.</summary>
    public static byte[] ReleaseXmlBytes => Encoding.UTF8.GetBytes(ReleaseXml);

    public byte[] ManifestBytes { get; }

    /// <summary>
    /// Writes the provider area under <paramref name="providerRoot"/> and the ticket's attachments beside it; with
    /// <paramref name="signing"/> the packages are tiny real rpms (which can be signed and indexed), else small fakes.
    /// </summary>
    public static async Task<DemoRelease> CreateAsync(string providerRoot, string attachmentsRoot, DemoSigning? signing, CancellationToken cancellationToken)
    {
        var xml = ReleaseXmlBytes;
        using var stream = new MemoryStream(xml);
        var descriptor = ReleaseDescriptorReader.Read(stream).GetDescriptorOrThrow();

        Directory.CreateDirectory(providerRoot);
        foreach (var package in descriptor.Packages)
        {
            if (signing is not null)
            {
                await signing.BuildRpmAsync(package, providerRoot, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var body = Encoding.ASCII.GetBytes(
                $"\nfake package {package.FileName}: {package.Name} {package.Version}-{package.Release} {package.Arch}, made by swrel demo\n");
            await File.WriteAllBytesAsync(Path.Combine(providerRoot, package.FileName), [.. RpmLead, .. body], cancellationToken).ConfigureAwait(false);
        }

        var manifest = await ManifestBuilder.CreateAsync(providerRoot, cancellationToken: cancellationToken).ConfigureAwait(false);
        var manifestBytes = Encoding.UTF8.GetBytes(MetalinkWriter.WriteToString(manifest));
        Directory.CreateDirectory(attachmentsRoot);
        await File.WriteAllBytesAsync(Path.Combine(attachmentsRoot, "release.xml"), xml, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(attachmentsRoot, "checksums.xml"), manifestBytes, cancellationToken).ConfigureAwait(false);
        return new DemoRelease(descriptor, providerRoot, manifestBytes);
    }
}
