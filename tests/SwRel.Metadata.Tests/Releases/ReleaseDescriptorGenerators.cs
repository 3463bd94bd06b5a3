using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

/// <summary>
/// Generators of descriptors in each dialect's normal form: text trimmed of XML white space, fields the dialect does not
/// carry null or empty, URLs absolute or <c>n/a</c>, productShortName agreeing with the target platform and architecture.
/// </summary>
internal static class ReleaseDescriptorGenerators
{
    private static readonly string[] Fragments =
    [
        "a", "Z", "0", "42", " ", "  ", "n/a", "N/A", "-", ".", "_", "/", "<b>bold</b>", "<p>", "&amp;", "&", "&lt;", "]]>", "<![CDATA[x]]>",
        "\"quoted\"", "'", "é", "ß", "Ångström", "漢字", "😀", "\u00a0", "\t", "\n", "\r\n", "\r", "-->", "<!--", "%", "${x}",
        "Bug fixes for the PAP and PDP services.", "* fixed <GGUS #1234> & friends", "line one\nline two",
    ];

    private static readonly string[] Urls =
    [
        "https://example.org/", "http://somewhere.org", "https://example.org/a/b?c=1&d=2", "ftp://ftp.example.org/pub/x.rpm",
        "https://exämple.org/ü", "n/a", "https://example.org/path%20with%20space",
    ];

    private static readonly string[] Tokens = ["INFN", "EGI", "CERN", "argus", "frontier-squid", "ca-policy-egi-core", "xrootd", "dCache", "UNICORE"];
    private static readonly string[] Platforms = ["centos7", "sl6", "sl5", "debian-squeeze", "ubuntu-xenial", "el9"];
    private static readonly string[] Arches = ["x86_64", "noarch", "amd64", "i386"];

    public static Gen<string> Text { get; } =
        Gen.Elements(Fragments).ListOf().Select(parts => Trim(string.Concat(parts)));

    public static Gen<string> NonEmptyText { get; } = Text.Where(t => t.Length > 0);

    public static Gen<string?> OptionalText { get; } = Gen.Frequency((1, Gen.Constant<string?>(null)), (3, Text.Select(t => (string?)t)));

    public static Gen<string> Url { get; } = Gen.Elements(Urls);

    public static Gen<string> UrlOrEmpty { get; } = Gen.Frequency((6, Url), (1, Gen.Constant("")));

    public static Gen<DateOnly> Date { get; } = Gen.Choose(0, 40 * 366).Select(days => new DateOnly(1995, 1, 1).AddDays(days));

    public static Gen<int> VersionPart { get; } = Gen.Frequency((8, Gen.Choose(0, 20)), (1, Gen.Choose(0, int.MaxValue)));

    public static Gen<bool?> Flag { get; } = Gen.Elements<bool?>(null, true, false);

    public static Gen<ReleasePackage> Package { get; } =
        from name in NonEmptyText
        from version in Text
        from release in Text
        from arch in Gen.Elements(Arches)
        from file in Text
        from url in UrlOrEmpty
        from type in Gen.Elements("metapackage", "binary", "", "src")
        select new ReleasePackage(name, version, release, arch, file, url, type);

    public static Gen<ImmutableArray<ReleasePackage>> Packages { get; } = Gen.Frequency(
        (6, Package.ListOf().Select(p => p.ToImmutableArray())),
        (1, Gen.Choose(100, 250).SelectMany(n => Package.ArrayOf(n)).Select(p => p.ToImmutableArray())));

    public static Gen<RepoFileEntry> YumEntry { get; } =
        from repoId in Text
        from baseUrl in Text
        from baseUrlType in Gen.Elements<string?>(null, "relative", "absolute")
        from id in OptionalText
        from name in OptionalText
        from enabled in Gen.Elements<string?>(null, "1", "0")
        from priority in Gen.Elements<string?>(null, "1", "99")
        from gpgCheck in Gen.Elements<string?>(null, "1", "0", "")
        from gpgKey in Gen.Elements<string?>(null, "https://example.org/RPM-GPG-KEY", "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-EGI")
        from protect in Gen.Elements<string?>(null, "1")
        select new RepoFileEntry(repoId, baseUrl, baseUrlType, id, name, enabled, priority, gpgCheck, gpgKey, protect);

    public static Gen<RepoFileEntry> AptEntry { get; } =
        from repoId in Text
        from baseUrl in Text
        from baseUrlType in Gen.Elements<string?>(null, "relative")
        from type in Gen.Elements<string?>(null, "deb", "deb-src")
        from entry in Gen.Elements<string?>(null, "./", "squeeze main", "")
        select new RepoFileEntry(repoId, baseUrl, baseUrlType, Type: type, Entry: entry);

    public static Gen<ReleaseRepoFile?> RepoFile { get; } = Gen.Frequency(
        (1, Gen.Constant<ReleaseRepoFile?>(null)),
        (4,
            from family in Gen.Elements(RepositoryFamily.Yum, RepositoryFamily.Apt)
            from fileName in NonEmptyText
            from path in Text
            from count in Gen.Choose(1, 3)
            from entries in (family == RepositoryFamily.Yum ? YumEntry : AptEntry).ArrayOf(count)
            select (ReleaseRepoFile?)new ReleaseRepoFile(family, fileName, path, [.. entries])));

    public static Gen<ReleaseRepository> RepoEgiRepository { get; } =
        from family in Gen.Elements(RepositoryFamily.Yum, RepositoryFamily.Apt)
        from id in Text
        from path in Text
        from external in Gen.Elements(true, false)
        select new ReleaseRepository(family, id, path, External: external);

    public static Gen<ReleaseRepository> NrmsRepository { get; } =
        from family in Gen.Elements(RepositoryFamily.Yum, RepositoryFamily.Apt)
        from id in Text
        from name in Text
        from path in Text
        from groupFile in OptionalText
        from location in Text
        select new ReleaseRepository(family, id, path, name, false, groupFile, location);

    private static Gen<ReleaseDescriptor> Common { get; } =
        from productName in NonEmptyText
        from provider in Text
        from contact in Text
        from description in Text
        from links in Url.ListOf()
        from date in Date
        from major in VersionPart
        from minor in VersionPart
        from revision in VersionPart
        from notes in Text
        from changeLog in Text
        from protocol in Gen.Elements("rsync", "yum", "deb", "https", "")
        from synchUrl in Gen.Elements("n/a", "", "rsync://repository.example.org/emi/3.2.1/", "host::module/path", "https://example.org/repo/")
        select new ReleaseDescriptor
        {
            Dialect = ReleaseDialect.RepoEgi02,
            ProductName = productName,
            ProductShortName = "",
            TechnologyProvider = provider,
            Contact = contact,
            Description = description,
            DocumentationLinks = [.. links],
            ReleaseDate = date,
            MajorVersion = major,
            MinorVersion = minor,
            RevisionVersion = revision,
            ReleaseNotes = notes,
            ChangeLog = changeLog,
            SynchProtocol = protocol,
            SynchUrl = synchUrl,
        };

    public static Gen<ReleaseDescriptor> RepoEgi02 { get; } =
        from common in Common
        from tp in Gen.Elements(Tokens)
        from product in Gen.Elements(Tokens)
        from platform in Gen.Elements(Platforms)
        from arch in Gen.Elements(Arches)
        from tpShort in Gen.Elements<string?>(null, tp, "")
        from technicalContact in OptionalText
        from incremental in Flag
        from emergency in Flag
        from capabilities in NonEmptyText.ListOf()
        from packages in Packages
        from repositories in RepoEgiRepository.ListOf()
        from repoFile in RepoFile
        select common with
        {
            Dialect = ReleaseDialect.RepoEgi02,
            ProductShortName = $"{tp}.{product}.{platform}.{arch}",
            TechnologyProviderShortName = tpShort,
            TechnicalContact = technicalContact,
            Incremental = incremental,
            Emergency = emergency,
            TargetPlatform = platform,
            TargetArch = arch,
            Capabilities = [.. capabilities],
            Packages = packages,
            Repositories = [.. repositories],
            RepoFile = repoFile,
        };

    public static Gen<ReleaseDescriptor> Nrms2010 { get; } =
        from common in Common
        from shortName in NonEmptyText
        from keywords in Text
        from repositories in NrmsRepository.ListOf()
        from repoFiles in NonEmptyText.ListOf()
        select common with
        {
            Dialect = ReleaseDialect.Nrms2010,
            ProductShortName = shortName,
            Keywords = keywords,
            Repositories = [.. repositories],
            RepoFiles = [.. repoFiles],
        };

    public static Gen<ReleaseDescriptor> Any { get; } = Gen.OneOf(RepoEgi02, Nrms2010);

    private static string Trim(string value) => value.Trim(' ', '\t', '\r', '\n');
}
