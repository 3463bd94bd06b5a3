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
/// The index is built in a staging folder (<see cref="StageAsync"/>), signed there, and its hash chain checked against
/// the published keys before anything is put in place. The result names each staged part and where it goes, in an
/// order in which a client never gets a signed index that names files which are not there: the plan executor puts
/// them in place as journaled renames, so that a crash leaves the index before or after the run, with the files.
/// <see cref="PublishAsync"/> does the same outside a run, with renames that nothing journals. A package is never signed
/// where it is published: a copy is signed in the staging and replaces it like any other part, before the index that
/// lists it; each signature is recorded in a receipt (<see cref="SigningReceipts"/>). Every file
/// operation goes through the root's handle without following links; the programs run in the folder's pinned path.
/// </para>
/// <para>Thread-safe for different folders; the executor's root lock keeps two runs from one folder.</para>
/// </remarks>
internal sealed class RepositoryPublisher
{
    /// <summary>The staging folder's name, beside the index it replaces, when <see cref="PublishAsync"/> publishes outside a run.</summary>
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

    /// <summary>
    /// Signs copies of the packages of <paramref name="path"/> and builds, signs and checks its index in
    /// <paramref name="staging"/>, publishing nothing: the result says what to put where.
    /// </summary>
    /// <param name="root">The repository root.</param>
    /// <param name="path">The repository folder to index.</param>
    /// <param name="staging">An empty or missing folder for the new index, relative to the root, on the root's file system.</param>
    /// <param name="cancellationToken">Cancels the work (a running program is killed).</param>
    /// <exception cref="InvalidOperationException">A program is missing or failed.</exception>
    /// <exception cref="RepositoryActionException">The built index's hash chain breaks.</exception>
    public async Task<StagedIndex> StageAsync(string root, RepositoryPath path, string staging, CancellationToken cancellationToken)
    {
        using var repository = ConfinedRoot.Open(root);
        ResetStaging(repository, staging);
        var entries = new List<StagedEntry>();
        var keyring = await StageKeysAsync(repository, staging, entries, cancellationToken).ConfigureAwait(false);
        using var folder = repository.OpenDirectory(path.Value);
        var detail = FormatOf(folder, path) switch
        {
            IndexFormat.Yum => await StageYumAsync(repository, folder, path, staging, keyring, entries, cancellationToken).ConfigureAwait(false),
            IndexFormat.AptFlat => await StageAptAsync(repository, path.Value, "", "", path, staging, keyring, entries, cancellationToken).ConfigureAwait(false),
            _ => await StageAptAsync(repository, FamilyRoot(path), SuiteOf(path), ConfinedRoot.Join(SuiteOf(path), "main/" + path.Value.Split('/')[^1]), path,
                staging, keyring, entries, cancellationToken).ConfigureAwait(false),
        };
        return new StagedIndex(detail, [.. entries]);
    }

    /// <summary>
    /// Indexes, signs, checks and publishes <paramref name="path"/> below <paramref name="root"/> outside an executor run:
    /// staged beside the index and put in place with renames that no journal records.
    /// </summary>
    /// <returns>A sentence saying what was published.</returns>
    /// <exception cref="InvalidOperationException">A program is missing or failed.</exception>
    /// <exception cref="RepositoryActionException">The built index's hash chain breaks; nothing was put in place.</exception>
    public async Task<string> PublishAsync(string root, RepositoryPath path, CancellationToken cancellationToken)
    {
        var staging = ConfinedRoot.Join(path.Value, Staging);
        try
        {
            var staged = await StageAsync(root, path, staging, cancellationToken).ConfigureAwait(false);
            using var repository = ConfinedRoot.Open(root);
            foreach (var entry in staged.Entries)
            {
                repository.CreateDirectory(ParentOf(entry.Target));
                Replace(repository, entry.Staged, entry.Target);
            }

            return staged.Detail;
        }
        finally
        {
            // A failed run leaves the published index as it was; its half-built replacement goes.
            using var repository = ConfinedRoot.Open(root);
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
            var staging = ConfinedRoot.Join(release, Staging);
            ResetStaging(checkRoot, staging);
            try
            {
                var keyring = await _gpg.ExportAsync(armored: false, repository.FullPath, cancellationToken).ConfigureAwait(false);
                var checker = Checker(checkRoot, staging, keyring);
                return format == IndexFormat.Yum
                    ? await checker.CheckYumAsync(checkRoot, "repodata", null, cancellationToken).ConfigureAwait(false)
                    : await checker.CheckAptAsync(checkRoot, release, null, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                checkRoot.DeleteTree(staging);
            }
        }
    }

    private async Task<string> StageYumAsync(
        ConfinedRoot repository, ConfinedRoot folder, RepositoryPath path, string staging, byte[] keyring, List<StagedEntry> entries, CancellationToken cancellationToken)
    {
        var where = folder.FullPath;
        var rpms = folder.EnumerateTree("")
            .Where(e => e.Kind == EntryKind.File && e.Relative.EndsWith(".rpm", StringComparison.Ordinal) && !e.Relative.StartsWith(Staging + "/", StringComparison.Ordinal))
            .Select(e => e.Relative)
            .ToList();

        // createrepo_c indexes a view of the folder with the same relative paths: the published packages that need no
        // signing, and signed copies of the others. Published files are read-only and may share their data with other
        // names, so a package is never signed where it is published; its signed copy replaces it like any other part.
        var view = ConfinedRoot.Join(staging, "view");
        repository.CreateDirectory(view);
        using var viewRoot = repository.OpenDirectory(view);
        var signed = new List<StagedEntry>();
        foreach (var rpm in rpms)
        {
            viewRoot.CreateDirectory(ParentOf(rpm));
            var (before, receipt) = SigningReceipts.Describe(folder, rpm);
            if (repository.Stat(SigningReceipts.PathOf(before), out _) == EntryKind.File)
            {
                LinkOrCopy(folder, rpm, viewRoot, rpm);
                continue;
            }

            Copy(folder, rpm, viewRoot, rpm, readOnly: false);
            await _gpg.SignRpmAsync(viewRoot.PinnedPath, rpm, folder.Display(rpm), cancellationToken).ConfigureAwait(false);
            using (var published = folder.OpenRead(rpm))
            using (var copy = viewRoot.OpenRead(rpm))
            {
                // createrepo_c --update reuses a package's old metadata while its size and mtime (in seconds) are
                // unchanged, and signing keeps the size (rpm reserves room for signatures): a copy signed within the
                // second the published file was written must not look like it.
                var was = File.GetLastWriteTimeUtc(published);
                if (File.GetLastWriteTimeUtc(copy) < was.AddSeconds(1))
                {
                    File.SetLastWriteTimeUtc(copy, was.AddSeconds(1));
                }

                ConfinedRoot.TryMakeReadOnly(copy);
            }

            var after = SigningReceipts.Sha256(viewRoot, rpm);
            if (after == before)
            {
                // Already signed with the key by someone else: the published file stays as it is.
                continue;
            }

            if (repository.Stat(SigningReceipts.PathOf(after), out _) != EntryKind.File)
            {
                var stagedReceipt = ConfinedRoot.Join(staging, SigningReceipts.PathOf(after));
                repository.CreateDirectory(ParentOf(stagedReceipt));
                WriteFile(repository, stagedReceipt, receipt);
                entries.Add(new StagedEntry(stagedReceipt, SigningReceipts.PathOf(after), IsDirectory: false));
            }

            signed.Add(new StagedEntry(ConfinedRoot.Join(view, rpm), ConfinedRoot.Join(path.Value, rpm), IsDirectory: false));
        }

        var output = ConfinedRoot.Join(staging, "index");
        repository.CreateDirectory(output);
        var outputPath = repository.PinnedPath + "/" + output;
        string[] arguments = folder.Stat("repodata", out _) == EntryKind.Directory
            ? ["--update", "--update-md-path", folder.PinnedPath, "--no-database", "--general-compress-type=gz", "--outputdir", outputPath, "."]
            : ["--no-database", "--general-compress-type=gz", "--outputdir", outputPath, "."];
        await ExternalProgram.RunAsync(_options.CreaterepoPath, "createrepo-c", arguments, viewRoot.PinnedPath, where, _options.ProgramTimeout, cancellationToken)
            .ConfigureAwait(false);
        await _gpg.SignDetachedAsync(outputPath + "/repodata", "repomd.xml", "repomd.xml.asc", where, cancellationToken).ConfigureAwait(false);

        var staged = ConfinedRoot.Join(output, "repodata");
        var checker = Checker(repository, staging, keyring);
        ThrowOnBreaks(await checker.CheckYumAsync(repository, staged, viewRoot, cancellationToken).ConfigureAwait(false), path);

        // The signed packages before the repodata that names them: the old index names the old packages, whose
        // signatures verify just as well; the new one appears only once every package it lists is in place.
        entries.AddRange(signed);

        // One folder: a client sees the old repodata or the new one, each whole and signed.
        entries.Add(new StagedEntry(staged, ConfinedRoot.Join(path.Value, "repodata"), IsDirectory: true));
        return $"indexed {rpms.Count} signed package(s) in {path} with createrepo_c and signed repodata/repomd.xml";
    }

    /// <summary>Gives <paramref name="to"/> below <paramref name="target"/> the data of a published file: a hard link, else a read-only copy.</summary>
    private static void LinkOrCopy(ConfinedRoot source, string from, ConfinedRoot target, string to)
    {
        using (var file = source.OpenRead(from))
        {
            if (target.TryLink(file, to))
            {
                return;
            }
        }

        Copy(source, from, target, to, readOnly: true);
    }

    /// <summary>Copies a file into a new one of its own (a new inode), flushed to the disk.</summary>
    private static void Copy(ConfinedRoot source, string from, ConfinedRoot target, string to, bool readOnly)
    {
        using var input = new FileStream(source.OpenRead(from), FileAccess.Read, bufferSize: 0);
        using var output = new FileStream(target.CreateNew(to), FileAccess.Write, bufferSize: 0);
        input.CopyTo(output, 1 << 16);
        if (readOnly)
        {
            ConfinedRoot.TryMakeReadOnly(output.SafeFileHandle);
        }

        output.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Stages the index of an apt repository whose archive root is <paramref name="archive"/> (relative to the root),
    /// whose <c>Release</c> is in <paramref name="release"/> and whose package index is in <paramref name="packages"/>
    /// (both relative to the archive; empty for a flat repository).
    /// </summary>
    private async Task<string> StageAptAsync(
        ConfinedRoot repository, string archive, string release, string packages, RepositoryPath path, string staging, byte[] keyring,
        List<StagedEntry> entries, CancellationToken cancellationToken)
    {
        using var archiveRoot = repository.OpenDirectory(archive);
        var where = archiveRoot.Display(packages);
        var flat = release.Length == 0;

        // The staged index mirrors the release folder: Release at its top, each package index below it.
        var index = ConfinedRoot.Join(staging, "index");
        var stagedPackages = flat ? index : ConfinedRoot.Join(index, packages[(release.Length + 1)..]);
        repository.CreateDirectory(stagedPackages);

        var listing = await ExternalProgram.RunAsync(_options.AptFtparchivePath, "apt-utils", ["packages", flat ? "." : packages], archiveRoot.PinnedPath, where,
            _options.ProgramTimeout, cancellationToken).ConfigureAwait(false);
        WriteFile(repository, ConfinedRoot.Join(stagedPackages, "Packages"), listing);
        using (var gz = new MemoryStream())
        {
            using (var zip = new GZipStream(gz, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zip.Write(listing);
            }

            WriteFile(repository, ConfinedRoot.Join(stagedPackages, "Packages.gz"), gz.ToArray());
        }

        var releaseArguments = new List<string> { "-o", "APT::FTPArchive::MD5=false", "-o", "APT::FTPArchive::SHA1=false" };
        if (!flat)
        {
            // The suite's Release covers every architecture's index, so the others' current ones are staged beside the new one.
            var architectures = new List<string>();
            foreach (var (name, kind) in archiveRoot.List(ConfinedRoot.Join(release, "main")))
            {
                if (kind != EntryKind.Directory || !name.StartsWith("binary-", StringComparison.Ordinal))
                {
                    continue;
                }

                architectures.Add(name["binary-".Length..]);
                var current = ConfinedRoot.Join(release, "main/" + name);
                if (current != packages)
                {
                    repository.CreateDirectory(ConfinedRoot.Join(index, "main/" + name));
                    foreach (var file in AptIndexFiles.Where(f => archiveRoot.Stat(ConfinedRoot.Join(current, f), out _) == EntryKind.File))
                    {
                        WriteFile(repository, ConfinedRoot.Join(index, $"main/{name}/{file}"), Read(archiveRoot, ConfinedRoot.Join(current, file)));
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
        var indexPath = repository.PinnedPath + "/" + index;
        var releaseText = await ExternalProgram.RunAsync(_options.AptFtparchivePath, "apt-utils", releaseArguments, indexPath, where, _options.ProgramTimeout, cancellationToken).ConfigureAwait(false);
        WriteFile(repository, ConfinedRoot.Join(index, "Release"), releaseText);
        await _gpg.SignDetachedAsync(indexPath, "Release", "Release.gpg", where, cancellationToken).ConfigureAwait(false);
        await _gpg.ClearSignAsync(indexPath, "Release", "InRelease", where, cancellationToken).ConfigureAwait(false);

        var checker = Checker(repository, staging, keyring);
        ThrowOnBreaks(await checker.CheckAptAsync(repository, index, archiveRoot, cancellationToken).ConfigureAwait(false), path);

        // The package indexes first: the old signed Release never names a file that is gone, and the new one is
        // published only once everything it names is in place.
        foreach (var file in AptIndexFiles)
        {
            AddUnlessSame(repository, entries, ConfinedRoot.Join(stagedPackages, file), ConfinedRoot.Join(archive, ConfinedRoot.Join(packages, file)));
        }

        foreach (var file in AptReleaseFiles)
        {
            entries.Add(new StagedEntry(ConfinedRoot.Join(index, file), ConfinedRoot.Join(archive, ConfinedRoot.Join(release, file)), IsDirectory: false));
        }

        return $"indexed {CountPackages(listing)} package(s) in {path} with apt-ftparchive and signed its Release (Release.gpg, InRelease)";
    }

    /// <summary>Stages the armored keys and the apt keyring for their fixed places when they changed; returns the keyring.</summary>
    private async Task<byte[]> StageKeysAsync(ConfinedRoot repository, string staging, List<StagedEntry> entries, CancellationToken cancellationToken)
    {
        var where = repository.FullPath;
        var armored = await _gpg.ExportAsync(armored: true, where, cancellationToken).ConfigureAwait(false);
        var keyring = await _gpg.ExportAsync(armored: false, where, cancellationToken).ConfigureAwait(false);
        foreach (var (path, content) in new[] { (PublishedKeys.ArmoredPath, armored), (PublishedKeys.KeyringPath, keyring) })
        {
            var staged = ConfinedRoot.Join(staging, path);
            repository.CreateDirectory(ParentOf(staged));
            WriteFile(repository, staged, content);
            AddUnlessSame(repository, entries, staged, path);
        }

        return keyring;
    }

    private HashChainChecker Checker(ConfinedRoot repository, string staging, byte[] keyring)
    {
        // The chain is checked with the keys clients get, in an empty home, never with the signer's own key store.
        var check = ConfinedRoot.Join(staging, "check");
        repository.DeleteTree(check);
        repository.CreateDirectory(ConfinedRoot.Join(check, "home"));
        WriteFile(repository, ConfinedRoot.Join(check, "keyring.gpg"), keyring);
        var pinned = repository.PinnedPath;
        return new HashChainChecker(_gpg, pinned + "/" + ConfinedRoot.Join(check, "keyring.gpg"), pinned + "/" + ConfinedRoot.Join(check, "home"));
    }

    /// <summary>Adds a staged file unless the published one is identical (a key that did not change, an index of other architectures).</summary>
    private static void AddUnlessSame(ConfinedRoot repository, List<StagedEntry> entries, string staged, string target)
    {
        if (repository.Stat(target, out _) != EntryKind.File || !Read(repository, staged).AsSpan().SequenceEqual(Read(repository, target)))
        {
            entries.Add(new StagedEntry(staged, target, IsDirectory: false));
        }
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

    private static string ParentOf(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";

    private static int CountPackages(byte[] index) =>
        System.Text.Encoding.UTF8.GetString(index).Split('\n').Count(l => l.StartsWith("Package:", StringComparison.Ordinal));

    private static string FamilyRoot(RepositoryPath path) => string.Join('/', path.Value.Split('/')[..^4]);

    private static string SuiteOf(RepositoryPath path)
    {
        var segments = path.Value.Split('/');
        return "dists/" + segments[^3];
    }
}
