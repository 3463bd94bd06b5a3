namespace SwRel.IO;

/// <summary>A file to be read is a folder, FIFO, socket or device: it is reported at once, never opened or waited on.</summary>
internal sealed class NotRegularFileException : IOException
{
    public NotRegularFileException(string path, string what)
        : base($"'{path}' is {what}, not a regular file.")
    {
        Path = path;
    }

    /// <summary>Gets the path that was to be read.</summary>
    public string Path { get; }
}
