namespace SwRel.Metadata.Checksums;

/// <summary>A manifest entry refused before verification, and why.</summary>
/// <param name="Path">The entry's path as the manifest spells it (control characters are shown escaped in <see cref="ToString"/>).</param>
/// <param name="Line">The 1-based line of the entry in the manifest, or 0 when unknown.</param>
/// <param name="Kind">The reason.</param>
/// <param name="Message">The reason in words.</param>
public readonly record struct ManifestEntryProblem(string Path, int Line, EntryProblemKind Kind, string Message)
{
    /// <summary>Formats the problem as <c>line N: 'path': message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var shown = ManifestPathPolicy.Printable(Path);
        return Line > 0 ? $"line {Line}: '{shown}': {Message}" : $"'{shown}': {Message}";
    }
}
