namespace SwRel.Repository.Execution;

/// <summary>The real disk.</summary>
/// <remarks>Stateless and thread-safe. Files are flushed to the disk (fsync) before a write or copy returns.</remarks>
internal sealed class PhysicalFileSystem : IFileSystem
{
    private const int BufferSize = 81920;

    public static PhysicalFileSystem Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public IReadOnlyList<string> ListFilesRecursively(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var prefix = directory.Length + (Path.EndsInDirectorySeparator(directory) ? 0 : 1);
        var files = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
        }))
        {
            files.Add(file[prefix..].Replace(Path.DirectorySeparatorChar, '/'));
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public IReadOnlyList<string> ListDirectories(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    public IReadOnlyList<string> ListFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    public long FileLength(string path) => new FileInfo(path).Length;

    // Unbuffered (bufferSize 0): every caller reads in large chunks of its own.
    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void WriteNewFile(string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    public void CopyFile(string source, string destination)
    {
        using var input = OpenRead(source);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        input.CopyTo(output, BufferSize);
        output.Flush(flushToDisk: true);
    }

    public void Move(string source, string destination)
    {
        if (Directory.Exists(source))
        {
            Directory.Move(source, destination);
        }
        else
        {
            File.Move(source, destination, overwrite: false);
        }
    }

    public void DeleteFile(string path) => File.Delete(path);

    public void DeleteDirectory(string path) => Directory.Delete(path, recursive: true);

    public IDisposable Lock(string path) =>
        new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
}
