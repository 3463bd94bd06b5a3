using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using SwRel.IO;

namespace SwRel.Repository.Publication;

/// <summary>
/// Follows a published repository's hash chain the way a client does, from the signature down to each package, and
/// names every file where it breaks. apt: <c>InRelease</c> (and <c>Release.gpg</c>) signature → <c>Release</c> →
/// <c>Packages</c> → each file; yum: <c>repomd.xml.asc</c> → <c>repomd.xml</c> → primary → each file.
/// </summary>
/// <remarks>Every file is read below its folder's handle without following a link; a link or a FIFO is a break.</remarks>
internal sealed class HashChainChecker(GnuPg gpg, string keyring, string emptyHome)
{
    private const string RepoNamespace = "http://linux.duke.edu/metadata/repo";
    private const string CommonNamespace = "http://linux.duke.edu/metadata/common";

    /// <summary>
    /// Checks a yum repository whose index folder is <paramref name="repodata"/> (relative to <paramref name="folder"/>)
    /// and whose packages are in <paramref name="packages"/> (the folder itself when <see langword="null"/>; a staged
    /// index is checked against the published packages).
    /// </summary>
    /// <returns>One sentence per break, naming the file; empty when the chain holds.</returns>
    public async Task<List<string>> CheckYumAsync(ConfinedRoot folder, string repodata, ConfinedRoot? packages, CancellationToken cancellationToken)
    {
        packages ??= folder;
        var problems = new List<string>();
        var repomd = ConfinedRoot.Join(repodata, "repomd.xml");
        var (_, error) = await gpg.VerifyAsync(folder.PinnedPath, keyring, emptyHome, repomd + ".asc", repomd, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            problems.Add($"{folder.Display(repomd + ".asc")}: the signature of repomd.xml does not verify with the published keys ({error})");
            return problems;
        }

        var document = LoadXml(folder, repomd);
        var names = new XmlNamespaceManager(document.NameTable);
        names.AddNamespace("r", RepoNamespace);
        var primary = document.SelectSingleNode("/r:repomd/r:data[@type='primary']", names);
        var href = primary?.SelectSingleNode("r:location/@href", names)?.Value;
        var checksum = primary?.SelectSingleNode("r:checksum", names);
        if (href is null || checksum is null)
        {
            problems.Add($"{folder.Display(repomd)}: names no primary metadata with a checksum");
            return problems;
        }

        // repomd.xml names its files relative to the repository folder, where repodata/ is published.
        var primaryPath = ConfinedRoot.Join(repodata, href.StartsWith("repodata/", StringComparison.Ordinal) ? href["repodata/".Length..] : href);
        if (!Matches(folder, primaryPath, checksum.Attributes?["type"]?.Value, checksum.InnerText.Trim(), problems, "repomd.xml"))
        {
            return problems;
        }

        using (var stream = Open(folder, primaryPath))
        using (Stream unpacked = primaryPath.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream)
        {
            var metadata = new XmlDocument { XmlResolver = null };
            using var reader = XmlReader.Create(unpacked, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            metadata.Load(reader);
            var common = new XmlNamespaceManager(metadata.NameTable);
            common.AddNamespace("c", CommonNamespace);
            foreach (XmlNode package in metadata.SelectNodes("/c:metadata/c:package", common)!)
            {
                var location = package.SelectSingleNode("c:location/@href", common)?.Value;
                var sum = package.SelectSingleNode("c:checksum", common);
                if (location is null || sum is null)
                {
                    problems.Add($"{folder.Display(primaryPath)}: a package has no location or checksum");
                    continue;
                }

                Matches(packages, location, sum.Attributes?["type"]?.Value, sum.InnerText.Trim(), problems, "the primary metadata");
            }
        }

        return problems;
    }

    /// <summary>
    /// Checks an apt repository: <c>InRelease</c>, <c>Release</c> and <c>Release.gpg</c> in <paramref name="release"/>
    /// (relative to <paramref name="repository"/>), which names its index files relative to itself; the index names
    /// packages relative to <paramref name="packages"/> (<paramref name="repository"/> when <see langword="null"/>; a
    /// staged index is checked against the published packages).
    /// </summary>
    /// <returns>One sentence per break, naming the file; empty when the chain holds.</returns>
    public async Task<List<string>> CheckAptAsync(ConfinedRoot repository, string release, ConfinedRoot? packages, CancellationToken cancellationToken)
    {
        packages ??= repository;
        var problems = new List<string>();
        var inRelease = ConfinedRoot.Join(release, "InRelease");
        var releaseFile = ConfinedRoot.Join(release, "Release");
        var (signed, error) = await gpg.VerifyAsync(repository.PinnedPath, keyring, emptyHome, inRelease, null, cancellationToken).ConfigureAwait(false);
        if (error is not null || signed is null)
        {
            problems.Add($"{repository.Display(inRelease)}: the signature does not verify with the published keys ({error})");
            return problems;
        }

        var (_, detachedError) = await gpg.VerifyAsync(repository.PinnedPath, keyring, emptyHome, releaseFile + ".gpg", releaseFile, cancellationToken)
            .ConfigureAwait(false);
        if (detachedError is not null)
        {
            problems.Add($"{repository.Display(releaseFile + ".gpg")}: the signature of Release does not verify with the published keys ({detachedError})");
        }

        var listed = Sha256Section(Encoding.UTF8.GetString(signed));
        if (listed.Count == 0)
        {
            problems.Add($"{repository.Display(inRelease)}: lists no SHA256 hashes");
        }

        foreach (var (name, hash) in listed)
        {
            var path = ConfinedRoot.Join(release, name);
            if (!Matches(repository, path, "sha256", hash, problems, "InRelease") || !name.EndsWith("Packages", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = Open(repository, path);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? filename = null, sha256 = null;
            for (var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false); ; line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false))
            {
                if (string.IsNullOrEmpty(line))
                {
                    if (filename is not null)
                    {
                        var file = filename.StartsWith("./", StringComparison.Ordinal) ? filename[2..] : filename;
                        Matches(packages, file, sha256 is null ? null : "sha256", sha256 ?? "", problems, repository.Display(path));
                    }

                    (filename, sha256) = (null, null);
                    if (line is null)
                    {
                        break;
                    }

                    continue;
                }

                if (line.StartsWith("Filename:", StringComparison.Ordinal))
                {
                    filename = line["Filename:".Length..].Trim();
                }
                else if (line.StartsWith("SHA256:", StringComparison.Ordinal))
                {
                    sha256 = line["SHA256:".Length..].Trim();
                }
            }
        }

        return problems;
    }

    private static List<(string Name, string Hash)> Sha256Section(string release)
    {
        var entries = new List<(string, string)>();
        var inSection = false;
        foreach (var line in release.Split('\n'))
        {
            if (!line.StartsWith(' '))
            {
                inSection = line.TrimEnd() == "SHA256:";
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (inSection && parts.Length == 3)
            {
                entries.Add((parts[2], parts[0]));
            }
        }

        return entries;
    }

    private static bool Matches(ConfinedRoot folder, string path, string? type, string expected, List<string> problems, string namedBy)
    {
        if (type is not ("sha256" or "sha512"))
        {
            problems.Add($"{folder.Display(path)}: {namedBy} gives it no SHA-256 or SHA-512 checksum");
            return false;
        }

        string actual;
        try
        {
            using var stream = Open(folder, path);
            var hash = type == "sha256" ? SHA256.HashData(stream) : SHA512.HashData(stream);
            actual = Convert.ToHexString(hash).ToLowerInvariant();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            problems.Add($"{folder.Display(path)}: named by {namedBy} but missing");
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{folder.Display(path)}: named by {namedBy} but cannot be read: {e.Message}");
            return false;
        }

        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{folder.Display(path)}: its {type.ToUpperInvariant()} is {actual}, but {namedBy} says {expected}"));
            return false;
        }

        return true;
    }

    private static FileStream Open(ConfinedRoot folder, string path) => new(folder.OpenRead(path), FileAccess.Read);

    private static XmlDocument LoadXml(ConfinedRoot folder, string path)
    {
        using var stream = Open(folder, path);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var document = new XmlDocument { XmlResolver = null };
        document.Load(reader);
        return document;
    }
}
