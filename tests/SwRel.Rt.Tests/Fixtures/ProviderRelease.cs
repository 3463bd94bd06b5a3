using System.Text;
using SwRel.Metadata.Checksums;

namespace SwRel.Rt.Tests.Fixtures;

/// <summary>
/// A provider's release of Argus for CentOS 7 (repo.egi.eu 0.2 release.xml): two small packages in a folder the rsync daemon
/// serves, the release.xml and the Metalink checksum manifest of that folder, as the provider attaches them to the ticket.
/// </summary>
public sealed class ProviderRelease
{
    private ProviderRelease(string folder, string name, string version, byte[] releaseXml, byte[] manifest)
    {
        Folder = folder;
        Name = name;
        Version = version;
        ReleaseXml = releaseXml;
        Manifest = manifest;
    }

    /// <summary>The provider's tree.</summary>
    public string Folder { get; }

    /// <summary>The folder's name below the rsync module.</summary>
    public string Name { get; }

    /// <summary>MAJOR.MINOR.REVISION.</summary>
    public string Version { get; }

    public byte[] ReleaseXml { get; }

    public byte[] Manifest { get; }

    /// <summary>The package files' names.</summary>
    public IReadOnlyList<string> Files => FilesOf(Version);

    /// <summary>The repository folder of the release in an area, below the repository root (SPEC §11, EgiRepository preset).</summary>
    public string AreaPath(string area, string majorRelease) =>
        $"sw/{area}/{majorRelease}.infn.argus.centos7.x86_64/{Version.Replace('.', '/')}";

    /// <summary>Writes the provider's tree below <paramref name="moduleRoot"/> and makes its release.xml and manifest.</summary>
    public static async Task<ProviderRelease> CreateAsync(string moduleRoot, string version)
    {
        var name = "argus-" + version + "-" + Guid.NewGuid().ToString("N")[..8];
        var folder = Path.Combine(moduleRoot, name);
        Directory.CreateDirectory(folder);
        var parts = version.Split('.');
        var files = FilesOf(version);
        foreach (var file in files)
        {
            // RPM's lead bytes, then some text: enough for checksums, which is all this loop needs of a package.
            await File.WriteAllBytesAsync(Path.Combine(folder, file), [0xED, 0xAB, 0xEE, 0xDB, .. Encoding.ASCII.GetBytes($"\nfake package {file}\n")]);
        }

        var manifest = await ManifestBuilder.CreateAsync(folder);
        return new ProviderRelease(
            folder,
            name,
            version,
            Encoding.UTF8.GetBytes(Descriptor(parts[0], parts[1], parts[2], files)),
            Encoding.UTF8.GetBytes(MetalinkWriter.WriteToString(manifest)));
    }

    /// <summary>Flips one bit of one byte in a package, as a corrupted mirror would; <see cref="Repair"/> flips it back.</summary>
    public string Corrupt() => FlipByte(Files[1]);

    /// <summary>Undoes <see cref="Corrupt"/>.</summary>
    public void Repair() => FlipByte(Files[1]);

    private string FlipByte(string file)
    {
        var path = Path.Combine(Folder, file);
        var bytes = File.ReadAllBytes(path);
        bytes[8] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        return file;
    }

    private static string[] FilesOf(string version) => [$"argus-pap-{version}-1.el7.centos.noarch.rpm", $"argus-pdp-{version}-1.el7.centos.x86_64.rpm"];

    private static string Descriptor(string major, string minor, string revision, IReadOnlyList<string> files) => $"""
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
        	<release:majorVersion>{major}</release:majorVersion>
        	<release:minorVersion>{minor}</release:minorVersion>
        	<release:revisionVersion>{revision}</release:revisionVersion>
        	<release:releaseNotes>Bug fixes for the PAP and PDP services.</release:releaseNotes>
        	<release:changeLog>https://example.org/argus/{major}.{minor}.{revision}/CHANGELOG</release:changeLog>
        	<release:synchProtocol>yum</release:synchProtocol>
        	<release:synchURL>n/a</release:synchURL>
        	<UMDmeta:UMDmeta>
        		<UMDmeta:targetPlatform>centos7</UMDmeta:targetPlatform>
        		<UMDmeta:targetArch>x86_64</UMDmeta:targetArch>
        		<UMDmeta:capability>Authorisation</UMDmeta:capability>
        		<UMDmeta:packages>
        			<UMDmeta:package arch="noarch" filename="{files[0]}" pkgname="argus-pap" pkgtype="metapackage" release="1" url="https://example.org/argus/{files[0]}" version="{major}.{minor}.{revision}"/>
        			<UMDmeta:package arch="x86_64" filename="{files[1]}" pkgname="argus-pdp" pkgtype="metapackage" release="1" url="https://example.org/argus/{files[1]}" version="{major}.{minor}.{revision}"/>
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
}
