namespace SwRel.IO;

/// <summary>What a name in a folder is, seen without following it.</summary>
internal enum EntryKind
{
    /// <summary>Nothing of that name (or a parent that is missing or not a folder).</summary>
    Missing,

    /// <summary>A regular file.</summary>
    File,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (or another reparse point), never followed.</summary>
    SymbolicLink,

    /// <summary>A FIFO, socket or device: never opened.</summary>
    Other,
}
