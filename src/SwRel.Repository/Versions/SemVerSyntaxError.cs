namespace SwRel.Repository.Versions;

/// <summary>What can be wrong with the text of a semantic version.</summary>
internal enum SemVerSyntaxError
{
    None = 0,
    Empty,
    CoreShape,
    CoreNotNumber,
    LeadingZero,
    TooLarge,
    EmptyPrerelease,
    EmptyBuild,
    EmptyIdentifier,
    BadCharacter,
}
