namespace SwRel.Repository.Publication;

/// <summary>One part of a staged index: where it was built and where it is published.</summary>
/// <param name="Staged">Its path in the staging folder, relative to the repository root.</param>
/// <param name="Target">Where it goes, relative to the repository root; what is there is replaced.</param>
/// <param name="IsDirectory">Whether it is a folder (yum's <c>repodata</c>), replaced whole.</param>
internal readonly record struct StagedEntry(string Staged, string Target, bool IsDirectory);
