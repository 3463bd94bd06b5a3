namespace SwRel.Pipeline.Tests;

/// <summary>A small, valid repo.egi.eu 0.2 release (argus 1.7.3, one package, its own repo file) for the pipeline and daemon tests.</summary>
internal static class ArgusRelease
{
    public const string Xml = """
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

    /// <summary>The one package the release names.</summary>
    public const string Package = "argus-pap-1.7.3-1.el7.centos.noarch.rpm";
}
