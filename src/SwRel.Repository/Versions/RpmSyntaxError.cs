namespace SwRel.Repository.Versions;

/// <summary>What can be wrong with the text of an RPM version.</summary>
internal enum RpmSyntaxError
{
    None = 0,
    Empty,
    BadCharacter,
    EmptyEpoch,
    EpochNotNumber,
    EpochTooLarge,
    SecondColon,
    EmptyVersion,
    EmptyRelease,
    HyphenInVersion,
}
