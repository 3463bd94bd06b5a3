namespace SwRel.IO;

/// <summary>An operation met a symbolic link (or another reparse point) where SwRel never follows one.</summary>
internal sealed class SymbolicLinkException : IOException
{
    public SymbolicLinkException(string link, string root)
        : base($"'{link}' is a symbolic link; SwRel does not read, write or delete through links inside '{root}'.")
    {
        Link = link;
    }

    /// <summary>Gets the full path of the link.</summary>
    public string Link { get; }
}
