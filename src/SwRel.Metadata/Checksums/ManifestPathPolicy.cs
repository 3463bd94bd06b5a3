using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// Decides which manifest entries may be opened under a root: refuses entries that are absolute, contain
/// <c>..</c>, hold control characters, repeat, or escape the root through a symbolic link (SPEC §9).
/// </summary>
/// <remarks>
/// Checks only read link metadata (<c>lstat</c>/<c>readlink</c>); no file is opened. Links that stay inside the
/// root are allowed. The root itself is resolved first, so a root reached through a link is fine.
/// Thread-safe: the type has no state.
/// </remarks>
internal static class ManifestPathPolicy
{
    private const int MaxLinkHops = 40;

    /// <summary>
    /// What separates segments: <c>/</c>, and on Windows <c>\</c> too. Elsewhere <c>\</c> is an ordinary character of
    /// a name (coreutils writes <c>a\\b</c> for the file <c>a\b</c>), so it must not make <c>a\b</c> the file
    /// <c>b</c> in the folder <c>a</c>.
    /// </summary>
    private static readonly char[] Separators = Path.DirectorySeparatorChar == '/' ? ['/'] : ['/', Path.DirectorySeparatorChar];

    private static StringComparison PathComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Finds every entry of the manifest that must not be opened under <paramref name="root"/>.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="root">The folder the manifest's paths are relative to.</param>
    /// <param name="refuseWeakAlgorithms">Whether entries whose strongest hash is SHA-1 or MD5 are refused too.</param>
    /// <returns>The problems, in manifest order; empty when every entry may be verified.</returns>
    public static ImmutableArray<ManifestEntryProblem> FindProblems(ChecksumManifest manifest, string root, bool refuseWeakAlgorithms = false) =>
        FindProblems(manifest, root, refuseWeakAlgorithms, Environment.ProcessorCount, CancellationToken.None);

    /// <summary>
    /// Finds the problems as the public overload does. <c>fullPaths</c>, when given (<c>root</c> must then be a full
    /// path), receives for each entry that passes the lexical checks its path under <c>root</c>; the link check reuses
    /// it when no link is on the way instead of making the same string again.
    /// </summary>
    internal static ImmutableArray<ManifestEntryProblem> FindProblems(ChecksumManifest manifest, string root, bool refuseWeakAlgorithms, int parallelism, CancellationToken cancellationToken, string[]? fullPaths = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(root);
        var entries = manifest.Entries;

        // Problems are rare: keep them by entry index. Duplicates are found from a 64-bit hash of each normal path,
        // sorted beside its entry's index (12 bytes an entry, where a set of the paths took about twice that), and only
        // entries with equal hashes have their paths compared.
        var problems = new SortedDictionary<int, ManifestEntryProblem>();
        var toResolve = new int[entries.Length];
        var count = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (!TryCheckLexically(entry.Path, out _, out var kind, out var message))
            {
                problems[i] = new ManifestEntryProblem(entry.Path, entry.Line, kind, message);
                continue;
            }

            toResolve[count++] = i;
        }

        FindDuplicates(entries, toResolve, count, problems);
        Array.Sort(toResolve, 0, count);
        var kept = 0;
        for (var j = 0; j < count; j++)
        {
            var i = toResolve[j];
            var entry = entries[i];
            if (problems.ContainsKey(i))
            {
                continue;
            }

            if (fullPaths is not null)
            {
                TryCheckLexically(entry.Path, out var normalized, out _, out _);
                fullPaths[i] = Path.Combine(root, Path.DirectorySeparatorChar == '/' ? normalized : normalized.Replace('/', Path.DirectorySeparatorChar));
            }

            if (refuseWeakAlgorithms && ChecksumAlgorithms.IsWeak(entry.StrongestAlgorithm))
            {
                problems[i] = new ManifestEntryProblem(entry.Path, entry.Line, EntryProblemKind.WeakAlgorithm,
                    $"has only a weak {ChecksumAlgorithms.ToName(entry.StrongestAlgorithm)} hash, and weak algorithms are refused.");
                continue;
            }

            toResolve[kept++] = i;
        }

        // Link checks read metadata only, one call or two per entry: spread them over the workers.
        var realRoot = ResolveRoot(root);
        var parents = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        var links = new ConcurrentDictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        Parallel.For(0, kept, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, j =>
        {
            var i = toResolve[j];
            TryCheckLexically(entries[i].Path, out var normalized, out _, out _);
            if (!StaysInside(realRoot, normalized, parents, out var escapeMessage, fullPaths?[i], root, links))
            {
                lock (problems)
                {
                    problems[i] = new ManifestEntryProblem(entries[i].Path, entries[i].Line, EntryProblemKind.EscapesThroughLink, escapeMessage);
                }
            }
        });

        return [.. problems.Values];
    }

    /// <summary>
    /// Marks as duplicates the entries whose normal path an earlier entry has; each names the first entry with that
    /// path. <paramref name="indexes"/> (the first <paramref name="count"/>) are the entries that passed the lexical
    /// checks; their order is changed.
    /// </summary>
    private static void FindDuplicates(ImmutableArray<ChecksumEntry> entries, int[] indexes, int count, SortedDictionary<int, ManifestEntryProblem> problems)
    {
        var keys = new ulong[count];
        for (var j = 0; j < count; j++)
        {
            TryCheckLexically(entries[indexes[j]].Path, out var normalized, out _, out _);
            keys[j] = PathKey(normalized);
        }

        Array.Sort(keys, indexes, 0, count);
        for (var run = 0; run < count;)
        {
            var end = run + 1;
            while (end < count && keys[end] == keys[run])
            {
                end++;
            }

            if (end - run > 1)
            {
                FindDuplicatesAmong(entries, indexes.AsSpan(run, end - run), problems);
            }

            run = end;
        }
    }

    /// <summary>Marks the duplicates among entries whose paths have one hash (their indexes, in any order).</summary>
    private static void FindDuplicatesAmong(ImmutableArray<ChecksumEntry> entries, Span<int> run, SortedDictionary<int, ManifestEntryProblem> problems)
    {
        run.Sort();
        var first = new Dictionary<string, int>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var i in run)
        {
            TryCheckLexically(entries[i].Path, out var normalized, out _, out _);
            if (first.TryAdd(normalized, i))
            {
                continue;
            }

            var original = entries[first[normalized]];
            var where = original.Line > 0 ? $"line {original.Line}" : $"'{Printable(original.Path)}'";
            problems[i] = new ManifestEntryProblem(entries[i].Path, entries[i].Line, EntryProblemKind.Duplicate, $"repeats the entry at {where}.");
        }
    }

    /// <summary>
    /// A 64-bit FNV-1a hash of a normal path, as the duplicate check compares paths: case-blind on Windows, exact
    /// elsewhere. Equal paths have equal keys; unequal paths rarely do, and are then told apart by their text.
    /// </summary>
    private static ulong PathKey(string normalized)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in OperatingSystem.IsWindows() ? normalized.ToUpperInvariant() : normalized)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Checks a path without touching the file system.</summary>
    /// <param name="path">The path as a manifest spells it.</param>
    /// <param name="normalized">The path with <c>.</c> segments and doubled separators removed, joined by <c>/</c>.</param>
    /// <param name="kind">The reason it is refused.</param>
    /// <param name="message">The reason in words.</param>
    /// <returns>Whether the path is acceptable.</returns>
    internal static bool TryCheckLexically(string path, out string normalized, out EntryProblemKind kind, out string message)
    {
        normalized = "";
        kind = default;
        message = "";
        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                kind = EntryProblemKind.ControlCharacter;
                message = $"holds the control character U+{(int)c:X4}.";
                return false;
            }
        }

        if (path.StartsWith('/') || Path.IsPathRooted(path) || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            kind = EntryProblemKind.Absolute;
            message = "is absolute; manifest paths must be relative to the root.";
            return false;
        }

        if (IsNormal(path))
        {
            // Nearly every manifest path is already normal: keep it as it is, without splitting it.
            normalized = path;
            return true;
        }

        var builder = new StringBuilder(path.Length);
        foreach (var segment in path.Split(Separators))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                kind = EntryProblemKind.ParentSegment;
                message = "has a '..' segment.";
                return false;
            }

            if (builder.Length > 0)
            {
                builder.Append('/');
            }

            builder.Append(segment);
        }

        if (builder.Length == 0)
        {
            kind = EntryProblemKind.Empty;
            message = "names no file.";
            return false;
        }

        normalized = builder.ToString();
        return true;
    }

    /// <summary>
    /// Whether a relative path (already checked for control characters and roots) is its own normal form: segments
    /// joined by single <c>/</c>, none empty, <c>.</c> or <c>..</c>, and (on Windows) no <c>\</c>.
    /// </summary>
    private static bool IsNormal(string path)
    {
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                if (path[i] == Path.DirectorySeparatorChar)
                {
                    return false;
                }

                continue;
            }

            var segment = path.AsSpan(start, i - start);
            if (segment.Length == 0 || segment is "." or "..")
            {
                return false;
            }

            start = i + 1;
        }

        return true;
    }

    /// <summary>Shows a path with control characters escaped, for messages.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The printable text.</returns>
    internal static string Printable(string path)
    {
        var needsEscape = false;
        foreach (var c in path)
        {
            needsEscape |= char.IsControl(c);
        }

        if (!needsEscape)
        {
            return path;
        }

        var builder = new StringBuilder(path.Length + 8);
        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                builder.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:x4}" });
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Resolves the root once, for callers that check many paths.</summary>
    internal static string ResolveRoot(string root) => RealPath(Path.GetFullPath(root)) ?? Path.GetFullPath(root);

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
    internal static bool IsWithin(string path, string root)
    {
        // Called for every entry of a manifest: compare spans rather than make the root's prefix each time.
        var trimmedRoot = root.Length > 1 ? root.AsSpan().TrimEnd(Path.DirectorySeparatorChar) : root.AsSpan();
        if (path.AsSpan().Equals(trimmedRoot, PathComparison))
        {
            return true;
        }

        if (trimmedRoot.Length > 0 && trimmedRoot[^1] == Path.DirectorySeparatorChar)
        {
            return path.AsSpan().StartsWith(trimmedRoot, PathComparison);
        }

        return path.Length > trimmedRoot.Length
            && path[trimmedRoot.Length] == Path.DirectorySeparatorChar
            && path.AsSpan(0, trimmedRoot.Length).Equals(trimmedRoot, PathComparison);
    }

    /// <param name="realRoot">The root with every link resolved.</param>
    /// <param name="normalized">The entry's normal path.</param>
    /// <param name="parents">The resolved parent folders found so far, shared by the workers.</param>
    /// <param name="message">Why the entry is refused.</param>
    /// <param name="full">The entry's path under <paramref name="root"/>, or <see langword="null"/>: reused as the path
    /// to look at when its folder resolves to itself.</param>
    /// <param name="root">The root as given, or <see langword="null"/>.</param>
    /// <param name="links">The names of the links in each resolved folder, listed once per folder and shared by the
    /// workers, or <see langword="null"/> to look at each entry on its own.</param>
    internal static bool StaysInside(string realRoot, string normalized, ConcurrentDictionary<string, string?> parents, out string message, string? full = null, string? root = null, ConcurrentDictionary<string, HashSet<string>?>? links = null)
    {
        message = "";
        var slash = normalized.LastIndexOf('/');
        string? realParent;
        if (slash < 0)
        {
            realParent = realRoot;
        }
        else
        {
#if NET9_0_OR_GREATER
            if (!parents.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(normalized.AsSpan(0, slash), out realParent))
#else
            if (!parents.TryGetValue(normalized[..slash], out realParent))
#endif
            {
                realParent = parents.GetOrAdd(normalized[..slash], static (key, root) => RealPath(Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar))), realRoot);
            }
        }

        string? real = null;
        if (realParent is not null)
        {
            // Only the last component still needs a look: the parent is already resolved.
            bool? isLink = links is not null && LinksIn(realParent, links) is { } names
                ? names.Count > 0 && names.Contains(normalized[(slash + 1)..])
                : null;
            if (isLink == false && IsWithin(realParent, realRoot))
            {
                // A name that is no link, in a folder inside the root, is inside the root: the common case, decided
                // without making the entry's full path.
                return true;
            }

            var candidate = full is not null && root is not null && IsFolderOf(realParent, root, normalized, slash)
                ? full
                : Path.Combine(realParent, normalized[(slash + 1)..]);
            real = (isLink ?? IsLink(candidate)) ? RealPath(candidate) : candidate;
        }

        if (real is null)
        {
            message = "goes through a loop of symbolic links.";
            return false;
        }

        if (!IsWithin(real, realRoot))
        {
            message = $"leads out of the root through a symbolic link (to '{real}').";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="realParent"/> spells exactly <paramref name="root"/>/(the folder part of
    /// <paramref name="normalized"/>): then that folder has no link on the way and the entry's path under the root is
    /// the very path to look at.
    /// </summary>
    private static bool IsFolderOf(string realParent, string root, string normalized, int slash)
    {
        if (slash < 0)
        {
            return string.Equals(realParent, root, StringComparison.Ordinal);
        }

        return Path.DirectorySeparatorChar == '/'
            && realParent.Length == root.Length + 1 + slash
            && realParent.StartsWith(root, StringComparison.Ordinal)
            && realParent[root.Length] == '/'
            && realParent.AsSpan(root.Length + 1).SequenceEqual(normalized.AsSpan(0, slash));
    }

    /// <summary>
    /// Resolves every symbolic link in an absolute path, component by component, like <c>realpath</c>; components
    /// that do not exist are kept as written. Returns <see langword="null"/> for a loop of links.
    /// </summary>
    internal static string? RealPath(string fullPath)
    {
        var rootPart = Path.GetPathRoot(fullPath) ?? "";
        var pending = new Stack<string>();
        PushComponents(pending, fullPath.AsSpan(rootPart.Length).ToString());
        var current = rootPart;
        var hops = 0;
        while (pending.Count > 0)
        {
            var component = pending.Pop();
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, component);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                target = null;
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                var targetRoot = Path.GetPathRoot(target) ?? "";
                current = targetRoot;
                PushComponents(pending, target[targetRoot.Length..]);
            }
            else
            {
                PushComponents(pending, target);
            }
        }

        return current;
    }

    /// <summary>
    /// The names of the links directly in a resolved folder, from one listing of it (a few calls for a whole folder
    /// instead of one per entry), or <see langword="null"/> when it cannot be listed: each entry is then looked at.
    /// </summary>
    private static HashSet<string>? LinksIn(string realFolder, ConcurrentDictionary<string, HashSet<string>?> links)
    {
        if (links.TryGetValue(realFolder, out var known))
        {
            return known;
        }

        HashSet<string>? found;
        try
        {
            using var folder = SwRel.IO.ConfinedRoot.Open(realFolder);
            found = [];
            foreach (var (name, kind) in folder.List(""))
            {
                if (kind == SwRel.IO.EntryKind.SymbolicLink)
                {
                    found.Add(name);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            found = null;
        }

        return links.GetOrAdd(realFolder, found);
    }

    private static bool IsLink(string path)
    {
        try
        {
            // readlink alone (one call, EINVAL for a plain file) is cheaper than reading the attributes, and
            // File.ResolveLinkTarget makes no FileInfo for a plain file.
            return File.ResolveLinkTarget(path, returnFinalTarget: false) is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
