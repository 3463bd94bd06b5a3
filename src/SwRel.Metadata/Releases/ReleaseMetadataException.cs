namespace SwRel.Metadata.Releases;

/// <summary>A <c>release.xml</c> could not be read into a descriptor; carries the first error's location and every error.</summary>
/// <remarks>Thrown only by the throwing conveniences (<see cref="ReleaseReadResult.GetDescriptorOrThrow"/>); the readers themselves return a <see cref="ReleaseReadResult"/>.</remarks>
public sealed class ReleaseMetadataException : Exception
{
    /// <summary>Creates the exception from the errors of a failed read.</summary>
    /// <param name="errors">The errors; the first one gives <see cref="Line"/>, <see cref="Column"/> and the message.</param>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public ReleaseMetadataException(IReadOnlyList<ReleaseMetadataError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
        Line = errors[0].Line;
        Column = errors[0].Column;
    }

    /// <summary>Gets the 1-based line of the first error, or 0 when it concerns the whole document.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column of the first error, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>Gets every error found, in document order.</summary>
    public IReadOnlyList<ReleaseMetadataError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<ReleaseMetadataError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        var first = errors[0];
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "";
        return $"release.xml is invalid at line {first.Line}, column {first.Column}: {first.Message}{more}";
    }
}
