using System.IO.Compression;
using SwRel.IO;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Publication;

/// <summary>
/// Builds, signs, checks and publishes the index of one repository folder with the standard tools: <c>rpmsign</c> and
/// <c>createrepo_c</c> for yum, <c>apt-ftparchive</c> for apt, GnuPG for the signatures; and publishes the public keys.
/// </summary>
/// <remarks>
/// <para>
/// The index is built in a staging folder beside it (<c>.swrel-index</c>), signed there, and its hash chain checked
/// against the published keys before anything is put in place. A yum index then replaces the old <c>repodata</c> in one
/// exchange of folders; apt's files are exchanged one by one, the package indexes before <c>Release</c>,
/// <c>Release.gpg</c> and <c>InRelease</c>, so a client never gets a signed index that names files which are not
/// there. A staging folder left by a crash is discarded by the next run. Every file operation goes through the root's
/// handle without following links; the programs run in the folder's pinned path.
/// </para>
/// <para>Thread-safe for different folders; the executor's root lock keeps two runs from one folder.</para>
/// </remarks>
internal sealed class RepositoryPublisher
{
    /// <summary>The staging folder's name, beside the index it replaces.</summary>
    internal const string Staging = ".swrel-index";

    private static readonly string[] AptIndexFiles = ["Packages", "Packages.gz"];
    private static readonly string[] AptReleaseFiles = ["Release", "Release.gpg", "InRelease"];

    private readonly PublicationOptions _options;
    private readonly GnuPg _gpg;

    public RepositoryPublisher(PublicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.GnuPgHome) || string.IsNullOrWhiteSpace(options.SigningKey))
        {
            throw new ArgumentException("PublicationOptions.GnuPgHome and PublicationOptions.SigningKey are both required to sign a repository.", nameof(options));
        }

        _options = options;
        _gpg = new GnuPg(options);
    }

    /// <summary>Which kind of repository a folder is: the <c>dists/</c> layout by its path, else apt when it holds <c>.deb</c> files and no <c>.rpm</c>.</summary>
    public static IndexFormat FormatOf(ConfinedRoot folder, RepositoryPath path)
    {
        var segments = path.Value.Split('/');
        if (segments.Length >= 4 && segments[^4] == "dists" && segments[^2] == "main" && segments[^1].StartsWith("binary-", StringComparison.Ordinal))
        {
            return IndexFormat.AptDists;
        }

        var (rpms, debs) = (0, 0);
        foreach (var (relative, kind) in folder.EnumerateTree(""))
        {
            if (kind == EntryKind.File && !relative.StartsWith(Staging + "/", StringComparison.Ordinal))
            {
                rpms += relative.EndsWith(".rpm", StringComparison.Ordinal) ? 1 : 0;
                debs += relative.EndsWith(".deb", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        return debs > 0 && rpms == 0 ? IndexFormat.AptFlat : IndexFormat.Yum;
    }

    /// <summary>Indexes, signs, checks and publishes <paramref name="path"/> below <paramref name="root"/>.</summary>
    /// <returns>A sentence saying what was published.</returns>
    /// <exception cref="InvalidOperationException">A program is missing or failed.</exception>
    /// <exception cref="RepositoryActionException">The built index's hash chain breaks; nothing was put in place.</exception>
    public async Task<string> PublishAsync(string root, RepositoryPath path, CancellationToken cancellationToken)
    {
        using var repository = ConfinedRoot.Open(root);
        await PublishKeysAsync(repository, cancellationToken).ConfigureAwait(false);
        using var folder = repository.OpenDirectory(path.Value);
        var format = FormatOf(folder, path);
        var staging = format == IndexFormat.AptDists ? ConfinedRoot.Join(FamilyRoot(path), ConfinedRoot.Join(SuiteOf(path), Staging)) : ConfinedRoot.Join(path.Value, Staging);
        try
        {
            return format switch
            {
                IndexFormat.Yum => await PublishYumAsync(folder, path, cancellationToken).ConfigureAwait(false),
                IndexFormat.AptFlat => await PublishAptAsync(folder, "", "", path, cancellationToken).ConfigureAwait(false),
                _ => await PublishAptDistsAsync(repository, path, cancellationToken).ConfigureAwait(false),
            };
        }
        finally
        {
            // A failed run leaves the published index as it was; its half-built replacement goes.
            repository.DeleteTree(staging);
        }
    }

    /// <summary>Checks the published hash chain of <paramref name="path"/> against the keys of the GnuPG home.</summary>
    /// <returns>One sentence per break, naming the file; empty when the chain holds.</returns>
    public async Task<IReadOnlyList<string>> CheckAsync(string root, RepositoryPath path, CancellationToken cancellationToken)
    {
        using var repository = ConfinedRoot.Open(root);
        using var folder = repository.OpenDirectory(path.Value);
        var format = FormatOf(folder, path);
        var (checkRoot, release) = format == IndexFormat.AptDists ? (repository.OpenDirectory(FamilyRoot(path)), SuiteOf(path)) : (folder.OpenDirectory(""), "");
        using (checkRoot)
        {
            ResetStaging(checkRoot, ConfinedRoot.Join(release, Staging));
            try
            {
                var checker = await CheckerAsync(checkRoot, ConfinedRoot.Join(release, Staging), cancellationToken).ConfigureAwait(false);
                return format == IndexFormat.Yum
                    ? await checker.CheckYumAsync(checkRoot, "repodata", cancellationToken).ConfigureAwait(false)
                    : await checker.CheckAptAsync(checkRoot, release, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                checkRoot.DeleteTree(ConfinedRoot.Join(release, Staging));
            }
        }
    }

    private async Task<string> PublishYumAsync(ConfinedRoot folder, RepositoryPath path, CancellationToken cancellationToken)
    {
        var where = folder.FullPath;
        var pinned = folder.PinnedPath;
        var rpms = folder.EnumerateTree("")
            .Where(e => e.Kind == EntryKind.File && e.Relative.EndsWith(".rpm", StringComparison.Ordinal) && !e.Relative.StartsWith(Staging + "/", StringComparison.Ordinal))
            .Select(e => e.Relative)
            .ToList();

        // Signed before indexing, so the index records the signed files and gpgcheck=1 holds for each.
        foreach (var rpm in rpms)
        {
            await _gpg.SignRpmAsync(pinned, rpm, folder.Display(rpm), cancellationToken).ConfigureAwait(false);
        }

        ResetStaging(folder, Staging);
        string[] arguments = folder.Stat("repodata", out _) == EntryKind.Directory
            ? ["--update", "--update-md-path", ".", "--no-database", "--general-compress-type=gz", "--outputdir", Staging, "."]
            : ["--no-database", "--general-compress-type=gz", "--outputdir", Staging, "."];
        await ExternalProgram.RunAsync(_options.CreaterepoPath, "createrepo-c", arguments, pinned, where, _options.ProgramTimeout, cancellationToken)
            .ConfigureAwait(false);
        var staged = ConfinedRoot.Join(Staging, "repodata");
        await _gpg.SignDetachedAsync(pinned, ConfinedRoot.Join(staged, "repomd.xml"), ConfinedRoot.Join(staged, "repomd.xml.asc"), where, cancellationToken)
            .ConfigureAwait(false);

        var checker = await CheckerAsync(folder, Staging, cancellationToken).ConfigureAwait(false);
        ThrowOnBreaks(await checker.CheckYumAsync(folder, staged, cancellationToken).ConfigureAwait(false), path);

        // One exchange of folders: a client sees the old repodata or the new one, each whole and signed.
        Replace(folder, staged, "repodata");
        folder.DeleteTree(Staging);
        return $"indexed {rpms.Count} signed package(s) in {path} with createrepo_c and signed repodata/repomd.xml";
    }

    private async Task<string> PublishAptDistsAsync(ConfinedRoot repository, RepositoryPath path, CancellationToken cancellationToken)
    {
        using var family = repository.OpenDirectory(FamilyRoot(path));
        var suite = SuiteOf(path);
        var binary = path.Value.Split('/')[^1];
        return await PublishAptAsync(family, suite, ConfinedRoot.Join(suite, "main/" + binary), path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes an apt repository whose <c>Release</c> is in <paramref name="release"/> and whose index is in <paramref name="packages"/>.</summary>
    private async Task<string> PublishAptAsync(ConfinedRoot repository, string release, string packages, RepositoryPath path, CancellationToken cancellationToken)
    {
        var where = repository.Display(packages);
        var pinned = repository.PinnedPath;
        var staging = ConfinedRoot.Join(release, Staging);
        var flat = release.Length == 0;
        var stagedPackages = flat ? staging : ConfinedRoot.Join(staging, packages[(release.Length + 1)..]);
        ResetStaging(repository, staging);
        repository.CreateDirectory(stagedPackages);

        var index = await ExternalProgram.RunAsync(_options.AptFtparchivePath, "apt-utils", ["packages", flat ? "." : packages], pinned, where,
            _options.ProgramTimeout, cancellationToken).ConfigureAwait(false);
        WriteFile(repository, ConfinedRoot.Join(stagedPackages, "Packages"), index);
        using (var gz = new MemoryStream())
        {
            using (var zip = new GZipStream(gz, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zip.Write(index);
            }

            WriteFile(repository, ConfinedRoot.Join(stagedPackages, "Packages.gz"), gz.ToArray());
        }

        var releaseArguments = new List<string> { "-o", "APT::FTPArchive::MD5=false", "-o", "APT::FTPArchive::SHA1=false" };
        if (!flat)
        {
            // The suite's Release covers every architecture's index, so the others' current ones are staged beside the new one.
            var architectures = new List<string>();
            foreach (var (name, kind) in repository.List(ConfinedRoot.Join(release, "main")))
            {
                if (kind != EntryKind.Directory || !name.StartsWith("binary-", StringComparison.Ordinal))
                {
                    continue;
                }

                architectures.Add(name["binary-".Length..]);
                var current = ConfinedRoot.Join(release, "main/" + name);
                if (current != packages)
                {
                    repository.CreateDirectory(ConfinedRoot.Join(staging, "main/" + name));
                    foreach (var file in AptIndexFiles.Where(f => repository.Stat(ConfinedRoot.Join(current, f), out _) == EntryKind.File))
                    {
                        using var source = new FileStream(repository.OpenRead(ConfinedRoot.Join(current, file)), FileAccess.Read);
                        using var copy = new MemoryStream();
                        source.CopyTo(copy);
                        WriteFile(repository, ConfinedRoot.Join(staging, $"main/{name}/{file}"), copy.ToArray());
                    }
                }
            }

            var suite = release.Split('/')[^1];
            releaseArguments.AddRange([
                "-o", "APT::FTPArchive::Release::Suite=" + suite, "-o", "APT::FTPArchive::Release::Codename=" + suite,
                "-o", "APT::FTPArchive::Release::Components=main", "-o", "APT::FTPArchive::Release::Architectures=" + string.Join(' ', architectures),
            ]);
        }

        releaseArguments.AddRange(["release", "."]);
        var stagingPath = pinned + "/" + staging;
        var releaseText = await ExternalProgram.RunAsync(_options.AptFtparchivePath, "apt-utils", releaseArguments, stagingPath, where, _options.ProgramTimeout, cancellationToken).ConfigureAwait(false);
        WriteFile(repository, ConfinedRoot.Join(staging, "Release"), releaseText);
        await _gpg.SignDetachedAsync(stagingPath, "Release", "Release.gpg", where, cancellationToken).ConfigureAwait(false);
        await _gpg.ClearSignAsync(stagingPath, "Release", "InRelease", where, cancellationToken).ConfigureAwait(false);

        var checker = await CheckerAsync(repository, staging, cancellationToken).ConfigureAwait(false);
        ThrowOnBreaks(await checker.CheckAptAsync(repository, staging, cancellationToken).ConfigureAwait(false), path);

        // The package indexes first: the old signed Release never names a file that is gone, and the new one is
        // published only once everything it names is in place.
        foreach (var file in AptIndexFiles)
        {
            Replace(repository, ConfinedRoot.Join(stagedPackages, file), ConfinedRoot.Join(packages, file));
        }

        foreach (var file in AptReleaseFiles)
        {
            Replace(repository, ConfinedRoot.Join(staging, file), ConfinedRoot.Join(release, file));
        }

        repository.DeleteTree(staging);
        var count = CountPackages(index);
        return $"indexed {count} package(s) in {path} with apt-ftparchive and signed its Release (Release.gpg, InRelease)";
    }

    /// <summary>Publishes the armored keys and the apt keyring at their fixed places when they changed.</summary>
    private async Task PublishKeysAsync(ConfinedRoot repository, CancellationToken cancellationToken)
    {
        var where = repository.FullPath;
        var armored = await _gpg.ExportAsync(armored: true, where, cancellationToken).ConfigureAwait(false);
        var keyring = await _gpg.ExportAsync(armored: false, where, cancellationToken).ConfigureAwait(false);
        repository.CreateDirectory("keys");
        foreach (var (path, content) in new[] { (PublishedKeys.ArmoredPath, armored), (PublishedKeys.KeyringPath, keyring) })
        {
            if (repository.Stat(path, out _) == EntryKind.File && Read(repository, path).AsSpan().SequenceEqual(content))
            {
                continue;
            }

            var staged = path + ".new";
            repository.DeleteFile(staged);
            WriteFile(repository, staged, content);
            Replace(repository, staged, path);
        }
    }

    private async Task<HashChainChecker> CheckerAsync(ConfinedRoot repository, string staging, CancellationToken cancellationToken)
    {
        // The chain is checked with the keys clients get, in an empty home, never with the signer's own key store.
        var keyring = ConfinedRoot.Join(staging, "check/keyring.gpg");
        repository.CreateDirectory(ConfinedRoot.Join(staging, "check/home"));
        repository.DeleteFile(keyring);
        WriteFile(repository, keyring, await _gpg.ExportAsync(armored: false, repository.FullPath, cancellationToken).ConfigureAwait(false));
        var pinned = repository.PinnedPath;
        return new HashChainChecker(_gpg, pinned + "/" + keyring, pinned + "/" + ConfinedRoot.Join(staging, "check/home"));
    }

    private static void ThrowOnBreaks(List<string> problems, RepositoryPath path)
    {
        if (problems.Count > 0)
        {
            throw new RepositoryActionException(
                $"The index built for {path} does not check out, so it was not published: {string.Join("; ", problems)}.");
        }
    }

    private static void ResetStaging(ConfinedRoot repository, string staging)
    {
        repository.DeleteTree(staging);
        repository.CreateDirectory(staging);
    }

    /// <summary>Puts <paramref name="staged"/> in place of <paramref name="target"/> in one step, then discards what it replaced.</summary>
    private static void Replace(ConfinedRoot repository, string staged, string target)
    {
        if (repository.Stat(target, out _) == EntryKind.Missing)
        {
            repository.Rename(staged, target);
            return;
        }

        repository.Exchange(staged, target);
        repository.DeleteTree(staged);
    }

    private static byte[] Read(ConfinedRoot repository, string path)
    {
        using var stream = new FileStream(repository.OpenRead(path), FileAccess.Read);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void WriteFile(ConfinedRoot repository, string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(repository.CreateNew(path), FileAccess.Write);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    private static int CountPackages(byte[] index) =>
        System.Text.Encoding.UTF8.GetString(index).Split('\n').Count(l => l.StartsWith("Package:", StringComparison.Ordinal));

    private static string FamilyRoot(RepositoryPath path) => string.Join('/', path.Value.Split('/')[..^4]);

    private static string SuiteOf(RepositoryPath path)
    {
        var segments = path.Value.Split('/');
        return "dists/" + segments[^3];
    }
}
