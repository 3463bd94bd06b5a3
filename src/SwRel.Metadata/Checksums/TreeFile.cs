namespace SwRel.Metadata.Checksums;

/// <summary>A regular file <see cref="TreeWalker"/> found: its <c>/</c> path below the root, its full path and its size.</summary>
internal readonly record struct TreeFile(string Relative, string Full, long Length);
