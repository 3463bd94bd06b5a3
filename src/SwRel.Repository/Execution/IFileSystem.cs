namespace SwRel.Repository.Execution;

/// <summary>
/// The file-system operations the plan executor uses, so that tests can inject a crash after any of them.
/// </summary>
/// <remarks>
/// Every path is a full local path. Operations that change the disk are the ones a fault-injecting
/// implementation counts; reads are not counted.
/// </remarks>
internal interface IFileSystem
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    /// <summary>Lists every file below <paramref name="directory"/>, as paths relative to it with '/' separators, in ordinal order.</summary>
    IReadOnlyList<string> ListFilesRecursively(string directory);

    /// <summary>Lists the names of the direct subdirectories of <paramref name="directory"/> (empty when it does not exist).</summary>
    IReadOnlyList<string> ListDirectories(string directory);

    /// <summary>Lists the names of the files directly in <paramref name="directory"/> (empty when it does not exist).</summary>
    IReadOnlyList<string> ListFiles(string directory);

    long FileLength(string path);

    Stream OpenRead(string path);

    void CreateDirectory(string path);

    /// <summary>Writes a new file (replacing none) and flushes it to the disk.</summary>
    void WriteNewFile(string path, ReadOnlySpan<byte> content);

    /// <summary>Copies a file to a new, read-only path and flushes the copy to the disk.</summary>
    void CopyFile(string source, string destination);

    /// <summary>
    /// Gives a file a second, new name (a hard link) and makes the file read-only, so that neither name can change
    /// what the other shows.
    /// </summary>
    /// <returns><see langword="false"/> when the two names cannot share the file (another file system): copy instead.</returns>
    bool TryLinkFile(string source, string destination);

    /// <summary>Renames a file or a directory; the destination must not exist.</summary>
    void Move(string source, string destination);

    void DeleteFile(string path);

    /// <summary>Deletes a directory and everything in it.</summary>
    void DeleteDirectory(string path);

    /// <summary>Takes an exclusive lock on a lock file, held until the result is disposed.</summary>
    /// <exception cref="IOException">Another process holds the lock.</exception>
    IDisposable Lock(string path);
}
