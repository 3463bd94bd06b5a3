using System.Diagnostics.CodeAnalysis;

namespace SwRel.Metadata.Releases;

/// <summary>The outcome of reading a <c>release.xml</c>: the descriptor when valid, and every problem found with its location.</summary>
/// <remarks>
/// <see cref="Descriptor"/> is set exactly when <see cref="IsValid"/> is <see langword="true"/>, that is when no problem has
/// <see cref="ReleaseMetadataSeverity.Error"/> severity; warnings may accompany a valid descriptor.
/// </remarks>
public sealed class ReleaseReadResult
{
    internal ReleaseReadResult(ReleaseDialect? dialect, ReleaseDescriptor? descriptor, IReadOnlyList<ReleaseMetadataError> errors)
    {
        Dialect = dialect;
        Errors = errors;
        IsValid = true;
        for (var i = 0; i < errors.Count; i++)
        {
            if (errors[i].Severity == ReleaseMetadataSeverity.Error)
            {
                IsValid = false;
                break;
            }
        }

        Descriptor = IsValid ? descriptor : null;
    }

    /// <summary>Gets the dialect detected from the root element, or <see langword="null"/> when the root element was not reached or is unknown.</summary>
    public ReleaseDialect? Dialect { get; }

    /// <summary>Gets the descriptor, or <see langword="null"/> when the document is invalid.</summary>
    public ReleaseDescriptor? Descriptor { get; }

    /// <summary>Gets every error and warning, in the order found.</summary>
    public IReadOnlyList<ReleaseMetadataError> Errors { get; }

    /// <summary>Gets whether the document is valid (no error, warnings allowed).</summary>
    [MemberNotNullWhen(true, nameof(Descriptor))]
    public bool IsValid { get; }

    /// <summary>Returns the descriptor, or throws when the document is invalid.</summary>
    /// <returns>The descriptor.</returns>
    /// <exception cref="ReleaseMetadataException">The document is invalid; the exception carries every error.</exception>
    public ReleaseDescriptor GetDescriptorOrThrow()
    {
        if (IsValid)
        {
            return Descriptor;
        }

        throw new ReleaseMetadataException(Errors.Where(e => e.Severity == ReleaseMetadataSeverity.Error).ToArray());
    }
}
