namespace SwRel.Metadata.Checksums;

/// <summary>The outcome for one file (SPEC §9).</summary>
public enum EntryStatus
{
    /// <summary>The file's hash (and size, when stated) match the manifest.</summary>
    Ok = 0,

    /// <summary>The file's hash differs: <see cref="EntryResult.Expected"/> and <see cref="EntryResult.Actual"/> say how.</summary>
    Mismatch,

    /// <summary>The file's size differs from the manifest's <c>size</c>; the file was not hashed.</summary>
    SizeMismatch,

    /// <summary>The file does not exist.</summary>
    Missing,

    /// <summary>The file exists but could not be read: <see cref="EntryResult.Reason"/> says why.</summary>
    Unreadable,

    /// <summary>
    /// The file is under the root but not in the manifest (only when <see cref="VerifierOptions.ReportExtra"/> or
    /// <see cref="VerificationScope.ReportExtra"/> is set); a link, FIFO, socket or device has a <see cref="EntryResult.Reason"/>.
    /// </summary>
    Extra,
}
