using System.Collections.Immutable;
using SwRel.Metadata.Releases;

namespace SwRel.Repository.Tests.Planning;

/// <summary>Descriptors built in code, matching the example files in Data/ and real repository.egi.eu releases.</summary>
internal static class Descriptors
{
    /// <summary>Data/INFN.argus.centos7.x86_64-1.7.3.xml, as the 0.2 reader normalises it.</summary>
    public static ReleaseDescriptor Argus { get; } = new()
    {
        Dialect = ReleaseDialect.RepoEgi02,
        ProductName = "argus",
        ProductShortName = "INFN.argus.centos7.x86_64",
        TechnologyProvider = "INFN",
        TechnologyProviderShortName = "INFN",
        ReleaseDate = new DateOnly(2018, 3, 5),
        MajorVersion = 1,
        MinorVersion = 7,
        RevisionVersion = 3,
        Incremental = true,
        Emergency = false,
        SynchProtocol = "yum",
        SynchUrl = "n/a",
        TargetPlatform = "centos7",
        TargetArch = "x86_64",
        Repositories = [new ReleaseRepository(RepositoryFamily.Yum, "INFN.argus.centos7.x86_64", "/")],
        RepoFile = new ReleaseRepoFile(
            RepositoryFamily.Yum,
            "INFN.argus.centos7.x86_64.repo",
            "repofiles",
            [new RepoFileEntry("INFN.argus.centos7.x86_64", "/", "relative", "INFN.argus.centos7.x86_64",
                "INFN.argus.centos7.x86_64", "1", "1", Protect: "1")]),
    };

    /// <summary>A yum release for sl6 (umd-4 production <c>sl6/x86_64/updates</c>).</summary>
    public static ReleaseDescriptor Sl6 { get; } = Argus with
    {
        ProductShortName = "INFN.argus.sl6.x86_64",
        TargetPlatform = "sl6",
        Repositories = [new ReleaseRepository(RepositoryFamily.Yum, "INFN.argus.sl6.x86_64", "/")],
        RepoFile = null,
    };

    /// <summary>An apt release for Debian squeeze, with a deb repository element and a .list repo file.</summary>
    public static ReleaseDescriptor Squeeze { get; } = new()
    {
        Dialect = ReleaseDialect.RepoEgi02,
        ProductName = "dcache",
        ProductShortName = "dCache.dcache-server.debian-squeeze.x86_64",
        TechnologyProvider = "dCache",
        ReleaseDate = new DateOnly(2013, 5, 1),
        MajorVersion = 2,
        MinorVersion = 2,
        RevisionVersion = 10,
        Incremental = false,
        TargetPlatform = "debian-squeeze",
        TargetArch = "x86_64",
        Repositories = [new ReleaseRepository(RepositoryFamily.Apt, "dCache.dcache-server.debian-squeeze.x86_64", "/")],
        RepoFile = new ReleaseRepoFile(
            RepositoryFamily.Apt,
            "dCache.dcache-server.debian-squeeze.x86_64.list",
            "repofiles",
            [new RepoFileEntry("dCache.dcache-server.debian-squeeze.x86_64", "/", "relative", Type: "deb", Entry: "./")]),
    };

    /// <summary>Data/nrms-minimal.xml, as the NRMS reader normalises it.</summary>
    public static ReleaseDescriptor Nrms { get; } = new()
    {
        Dialect = ReleaseDialect.Nrms2010,
        ProductName = "European Middleware Initiative",
        ProductShortName = "EMI",
        TechnologyProvider = "EMI",
        Keywords = "gLite",
        ReleaseDate = new DateOnly(2010, 6, 10),
        MajorVersion = 3,
        MinorVersion = 2,
        RevisionVersion = 1,
        SynchProtocol = "rsync",
        SynchUrl = "rsync://repository.example.org/emi/3.2.1/",
        Repositories =
        [
            new ReleaseRepository(RepositoryFamily.Yum, "glite-UI", "sl5/noarch/RPMS.release/", "gLite 3.2 User Interface",
                GroupFile: "sl5/noarch/RPMS.release/repodata/comps.xml", RepoFileLocation: "repofiles/"),
        ],
    };

    public static ImmutableArray<ReleaseDescriptor> All { get; } = [Argus, Sl6, Squeeze, Nrms];
}
