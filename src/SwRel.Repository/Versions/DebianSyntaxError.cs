namespace SwRel.Repository.Versions;

/// <summary>What can be wrong with the text of a Debian version; the last three are dpkg warnings.</summary>
internal enum DebianSyntaxError
{
    None = 0,
    Empty,
    EmbeddedSpace,
    BadCharacter,
    EmptyEpoch,
    EpochNotNumber,
    EpochTooLarge,
    EmptyUpstream,
    EmptyRevision,

    // dpkg only warns about these, and dpkg --compare-versions compares such versions anyway.
    UpstreamNotStartingWithDigit,
    BadUpstreamCharacter,
    BadRevisionCharacter,
}
