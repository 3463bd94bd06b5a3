using SwRel.IO;

namespace SwRel.Metadata.Checksums;

/// <summary>Looks at a manifest entry without opening it and without following a link, from a handle on the verified root.</summary>
internal static class FileProbe
{
    /// <summary>Gets what <paramref name="relative"/> is below <paramref name="root"/>; <paramref name="reason"/> says why anything but a regular file cannot be hashed.</summary>
    /// <exception cref="IOException">The file's metadata cannot be read, or a folder on the way is a link (<see cref="SymbolicLinkException"/>).</exception>
    public static EntryKind Inspect(ConfinedRoot root, string relative, out long length, out string? reason)
    {
        var kind = root.Stat(relative, out length);
        reason = kind switch
        {
            EntryKind.Directory => "it is a directory.",
            EntryKind.SymbolicLink => $"it is a symbolic link; SwRel does not read through links inside '{root.FullPath}'.",
            EntryKind.Other => "it is a FIFO, socket or device, not a regular file.",
            _ => null,
        };
        return kind;
    }
}
