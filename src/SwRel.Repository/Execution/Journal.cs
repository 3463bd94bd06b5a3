using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace SwRel.Repository.Execution;

/// <summary>
/// The undo journal of one run: before the executor changes the visible tree it records how to undo
/// the change, durably, in <c>&lt;root&gt;/.swrel/journal/&lt;run&gt;/NNNNNNNN.json</c>.
/// </summary>
/// <remarks>
/// Each entry is written to a temporary file, flushed to the disk and renamed into place, so an entry
/// is either whole or absent. A run commits by creating the <c>committed</c> marker the same way; only
/// then are the backups (what the run removed or replaced) and the staging folder deleted. Recovery
/// rolls back a run without the marker (undoing its entries newest first, deleting each entry once
/// undone, so a crash during recovery is itself recoverable) and finishes the clean-up of a run with it.
/// </remarks>
internal sealed class Journal
{
    public const string StateFolderName = ".swrel";
    private const string CommittedMarker = "committed";
    private const string DoneSuffix = ".done";
    private const string EntrySuffix = ".json";
    private const int MaxEntryBytes = 16 * 1024 * 1024;

    private readonly IFileSystem _fileSystem;
    private readonly string _root;
    private readonly string _directory;
    private readonly string _staging;
    private int _sequence;
    private int _stagingSequence;

    private Journal(IFileSystem fileSystem, string root, string run)
    {
        _fileSystem = fileSystem;
        _root = root;
        _directory = Path.Combine(JournalFolder(root), run);
        _staging = Path.Combine(StagingFolder(root), run);
    }

    /// <summary>Gets whether a name directly inside <c>.swrel</c> belongs to the executor, the kept fetches or the publisher's signing receipts (plans may use other names there, such as <c>scratch</c>).</summary>
    public static bool IsReserved(string name) => name is "journal" or "staging" or "lock" or "fetched" or "signed";

    public static string StateFolder(string root) => Path.Combine(root, StateFolderName);

    public static string JournalFolder(string root) => Path.Combine(root, StateFolderName, "journal");

    public static string StagingFolder(string root) => Path.Combine(root, StateFolderName, "staging");

    /// <summary>
    /// Where a package-by-package fetch that did not commit keeps what it downloaded, by destination, for the next run to
    /// start from: <c>.swrel/fetched/&lt;SHA-256 of the destination path&gt;</c>.
    /// </summary>
    public static string FetchedFolder(string root, string destination)
    {
        var relative = Path.GetRelativePath(root, destination).Replace(Path.DirectorySeparatorChar, '/');
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(relative))).ToLowerInvariant();
        return Path.Combine(root, StateFolderName, "fetched", key);
    }

    public static bool HasPendingRun(IFileSystem fileSystem, string root) =>
        fileSystem.ListDirectories(JournalFolder(root)).Count > 0;

    /// <summary>Starts a run's journal; nothing in the visible tree changes.</summary>
    public static Journal Begin(IFileSystem fileSystem, string root)
    {
        var journal = new Journal(fileSystem, root, Guid.NewGuid().ToString("N"));
        fileSystem.CreateDirectory(journal._directory);
        fileSystem.CreateDirectory(Path.Combine(journal._directory, "backup"));
        fileSystem.CreateDirectory(journal._staging);
        return journal;
    }

    /// <summary>Returns a new, unused path in this run's staging folder (hidden from the visible tree).</summary>
    public string NewStagingPath() =>
        Path.Combine(_staging, (++_stagingSequence).ToString("D8", CultureInfo.InvariantCulture));

    /// <summary>Records that the run is about to create the given paths (files or folders that do not exist yet).</summary>
    public void RecordCreate(IReadOnlyList<string> fullPaths)
    {
        if (fullPaths.Count == 0)
        {
            return;
        }

        WriteEntry(writer =>
        {
            writer.WriteString("op", "create");
            writer.WriteStartArray("paths");
            foreach (var path in fullPaths)
            {
                writer.WriteStringValue(Relative(path));
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// Records that the run is about to create the folder a package-by-package fetch fills (absent now), and that undoing it
    /// keeps the folder in <paramref name="keptPath"/> rather than deleting it, so a later run does not download again what
    /// arrived whole.
    /// </summary>
    public void RecordFetchInto(string fullPath, string keptPath) =>
        WriteEntry(writer =>
        {
            writer.WriteString("op", "fetch-into");
            writer.WriteString("path", Relative(fullPath));
            writer.WriteString("keep", Relative(keptPath));
        });

    /// <summary>Moves an existing file or folder aside into the journal's backups, recording how to put it back.</summary>
    public void MoveAside(string fullPath)
    {
        var backup = "backup/" + (_sequence + 1).ToString("D8", CultureInfo.InvariantCulture);
        WriteEntry(writer =>
        {
            writer.WriteString("op", "move-aside");
            writer.WriteString("path", Relative(fullPath));
            writer.WriteString("backup", backup);
        });
        _fileSystem.Move(fullPath, Path.Combine(_directory, backup));
    }

    /// <summary>Marks the run committed: from now on recovery finishes it instead of rolling it back.</summary>
    public void MarkCommitted() => WriteAtomically(Path.Combine(_directory, CommittedMarker), "{}"u8);

    /// <summary>Deletes what a committed run left behind (its backups and staging).</summary>
    public void CleanUp() => Finish(_fileSystem, _directory, _staging);

    /// <summary>Undoes everything this run recorded.</summary>
    public void Rollback()
    {
        Undo(_fileSystem, _root, _directory);
        Finish(_fileSystem, _directory, _staging);
    }

    /// <summary>Rolls back or finishes every interrupted run under <paramref name="root"/>.</summary>
    public static JournalRecovery Recover(IFileSystem fileSystem, string root)
    {
        var result = JournalRecovery.None;
        var journals = JournalFolder(root);
        foreach (var name in fileSystem.ListDirectories(journals))
        {
            var directory = Path.Combine(journals, name);
            if (name.EndsWith(DoneSuffix, StringComparison.Ordinal))
            {
                fileSystem.DeleteDirectory(directory);
                result = Max(result, JournalRecovery.Completed);
                continue;
            }

            var staging = Path.Combine(StagingFolder(root), name);
            if (fileSystem.FileExists(Path.Combine(directory, CommittedMarker)))
            {
                Finish(fileSystem, directory, staging);
                result = Max(result, JournalRecovery.Completed);
            }
            else
            {
                Undo(fileSystem, root, directory);
                Finish(fileSystem, directory, staging);
                result = JournalRecovery.RolledBack;
            }
        }

        var stagingRoot = StagingFolder(root);
        foreach (var name in fileSystem.ListDirectories(stagingRoot))
        {
            fileSystem.DeleteDirectory(Path.Combine(stagingRoot, name));
        }

        return result;
    }

    private static JournalRecovery Max(JournalRecovery a, JournalRecovery b) => a == JournalRecovery.RolledBack ? a : b;

    private static void Finish(IFileSystem fileSystem, string directory, string staging)
    {
        if (fileSystem.DirectoryExists(staging))
        {
            fileSystem.DeleteDirectory(staging);
        }

        // The rename makes the end of the run atomic: a half-deleted journal must never be read as a
        // half-done run and "undone".
        var done = directory + DoneSuffix;
        if (fileSystem.DirectoryExists(done))
        {
            fileSystem.DeleteDirectory(done);
        }

        if (fileSystem.DirectoryExists(directory))
        {
            fileSystem.Move(directory, done);
            fileSystem.DeleteDirectory(done);
        }
    }

    private static void Undo(IFileSystem fileSystem, string root, string directory)
    {
        var entries = fileSystem.ListFiles(directory)
            .Where(name => name.EndsWith(EntrySuffix, StringComparison.Ordinal))
            .OrderDescending(StringComparer.Ordinal)
            .ToArray();
        foreach (var name in entries)
        {
            var entryPath = Path.Combine(directory, name);
            UndoEntry(fileSystem, root, directory, entryPath);
            fileSystem.DeleteFile(entryPath);
        }
    }

    private static void UndoEntry(IFileSystem fileSystem, string root, string directory, string entryPath)
    {
        // An entry is a few hundred bytes; a larger file is not one the executor wrote.
        if (fileSystem.FileLength(entryPath) > MaxEntryBytes)
        {
            throw new PlanExecutionException(
                $"Journal entry '{entryPath}' is larger than any entry SwRel writes ({MaxEntryBytes:N0} bytes at most); the repository needs a manual check.",
                stepIndex: null,
                stepKind: null,
                rolledBack: false,
                null);
        }

        byte[] bytes;
        using (var stream = fileSystem.OpenRead(entryPath))
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var entry = document.RootElement;
            switch (entry.GetProperty("op").GetString())
            {
                case "create":
                    foreach (var item in entry.GetProperty("paths").EnumerateArray())
                    {
                        var path = Local(root, item.GetString());
                        if (fileSystem.DirectoryExists(path))
                        {
                            fileSystem.DeleteDirectory(path);
                        }
                        else if (fileSystem.FileExists(path))
                        {
                            fileSystem.DeleteFile(path);
                        }
                    }

                    break;
                case "fetch-into":
                    var fetched = Local(root, entry.GetProperty("path").GetString());
                    var kept = Local(root, entry.GetProperty("keep").GetString());
                    if (fileSystem.DirectoryExists(fetched))
                    {
                        if (fileSystem.DirectoryExists(kept))
                        {
                            fileSystem.DeleteDirectory(kept);
                        }

                        fileSystem.CreateDirectory(Path.GetDirectoryName(kept)!);
                        fileSystem.Move(fetched, kept);
                    }
                    else if (fileSystem.FileExists(fetched))
                    {
                        fileSystem.DeleteFile(fetched);
                    }

                    break;
                case "move-aside":
                    var original = Local(root, entry.GetProperty("path").GetString());
                    var backup = Local(directory, entry.GetProperty("backup").GetString());
                    if (fileSystem.DirectoryExists(backup) || fileSystem.FileExists(backup))
                    {
                        if (fileSystem.DirectoryExists(original))
                        {
                            fileSystem.DeleteDirectory(original);
                        }
                        else if (fileSystem.FileExists(original))
                        {
                            fileSystem.DeleteFile(original);
                        }

                        fileSystem.Move(backup, original);
                    }

                    break;
                default:
                    throw new JsonException("unknown operation");
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new PlanExecutionException(
                $"Journal entry '{entryPath}' is unreadable ({e.Message}); the repository needs a manual check.",
                stepIndex: null,
                stepKind: null,
                rolledBack: false,
                e);
        }
    }

    private static string Local(string baseDirectory, string? relative)
    {
        if (string.IsNullOrEmpty(relative) || Path.IsPathRooted(relative) || relative.Split('/').Any(s => s is "" or "." or ".." || s.Contains('\0', StringComparison.Ordinal)))
        {
            throw new FormatException($"path '{relative}' is not a relative path");
        }

        return Path.Combine(baseDirectory, relative.Replace('/', Path.DirectorySeparatorChar));
    }

    private string Relative(string fullPath) =>
        Path.GetRelativePath(_root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    private void WriteEntry(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        _sequence++;
        WriteAtomically(
            Path.Combine(_directory, _sequence.ToString("D8", CultureInfo.InvariantCulture) + EntrySuffix),
            buffer.WrittenSpan);
    }

    private void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + ".tmp";
        if (_fileSystem.FileExists(temporary))
        {
            _fileSystem.DeleteFile(temporary);
        }

        _fileSystem.WriteNewFile(temporary, content);
        _fileSystem.Move(temporary, path);
    }
}
