namespace SwRel.Metadata.Checksums;

/// <summary>Why a manifest entry is refused before any file is opened (SPEC §9).</summary>
public enum EntryProblemKind
{
    /// <summary>The path is empty or names only the root.</summary>
    Empty = 0,

    /// <summary>The path is absolute (<c>/etc/passwd</c>, <c>C:\x</c>; on Windows also <c>\\server\share</c>).</summary>
    Absolute,

    /// <summary>The path has a <c>..</c> segment.</summary>
    ParentSegment,

    /// <summary>The path holds a control character (a newline, a tab, NUL...).</summary>
    ControlCharacter,

    /// <summary>The path repeats an earlier entry (after removing <c>.</c> segments and doubled separators).</summary>
    Duplicate,

    /// <summary>The path leads out of the root through a symbolic link, or through a loop of links.</summary>
    EscapesThroughLink,

    /// <summary>The entry's strongest hash is SHA-1 or MD5 and weak algorithms are refused.</summary>
    WeakAlgorithm,

    /// <summary>A file of the tree is a symbolic link: SwRel never reads through one, so it cannot be hashed or listed.</summary>
    SymbolicLink,

    /// <summary>A file of the tree is a FIFO, socket or device (or vanished while the tree was read): it is never opened.</summary>
    NotRegularFile,
}
