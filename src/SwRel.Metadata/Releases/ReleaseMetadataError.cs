namespace SwRel.Metadata.Releases;

/// <summary>One problem found while reading a <c>release.xml</c>, with where it is.</summary>
/// <param name="Line">The 1-based line, or 0 when the problem concerns the document as a whole (for example its size).</param>
/// <param name="Column">The 1-based column, or 0 when unknown.</param>
/// <param name="Message">What is wrong, in words a technology provider understands.</param>
/// <param name="Severity">Whether the problem makes the descriptor invalid.</param>
public sealed record ReleaseMetadataError(int Line, int Column, string Message, ReleaseMetadataSeverity Severity = ReleaseMetadataSeverity.Error)
{
    /// <summary>Formats the error as <c>line:column: message</c>, with <c>warning: </c> before the message of a warning.</summary>
    /// <returns>The formatted error.</returns>
    public override string ToString() =>
        Severity == ReleaseMetadataSeverity.Warning ? $"{Line}:{Column}: warning: {Message}" : $"{Line}:{Column}: {Message}";
}
