namespace SwRel.Repository.Execution;

/// <summary>The verdict of a <see cref="TreeCopy"/>.</summary>
internal enum TreeCopyKind
{
    Copy,
    AlreadyThere,
    SourceMissing,
    Conflict,
}
