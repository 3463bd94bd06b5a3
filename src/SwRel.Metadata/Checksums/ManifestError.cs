namespace SwRel.Metadata.Checksums;

/// <summary>One thing wrong with a manifest, and where.</summary>
/// <param name="Line">The 1-based line, or 0 when the problem is not tied to a line.</param>
/// <param name="Column">The 1-based column, or 0 when unknown (text manifests report lines only).</param>
/// <param name="Message">What is wrong.</param>
public readonly record struct ManifestError(int Line, int Column, string Message)
{
    /// <summary>Formats the error as <c>line:column: message</c> (or <c>line: message</c>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => (Line, Column) switch
    {
        (0, _) => Message,
        (_, 0) => $"{Line}: {Message}",
        _ => $"{Line}:{Column}: {Message}",
    };
}
