namespace SwRel.Metadata.Releases;

/// <summary>A value read from a document, with the line and column of the element or attribute it came from.</summary>
internal readonly record struct Located(string Value, int Line, int Column);
