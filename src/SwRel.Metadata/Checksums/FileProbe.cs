namespace SwRel.Metadata.Checksums;

/// <summary>Looks at a file without opening it, following symbolic links (<see cref="FileInfo.Length"/> alone gives a link's own size).</summary>
internal static class FileProbe
{
    public enum Kind
    {
        Missing,
        File,
        Directory,
    }

    /// <exception cref="IOException">The file's metadata cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file's metadata may not be read.</exception>
    public static Kind Inspect(string path, out long length)
    {
        length = 0;
        FileSystemInfo info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        }

        // A regular file first: FileInfo.Exists is false for a folder, so a file needs no second stat.
        if (info is FileInfo file && file.Exists && file.LinkTarget is null)
        {
            length = file.Length;
            return Kind.File;
        }

        return Directory.Exists(info.FullName) ? Kind.Directory : Kind.Missing;
    }
}
