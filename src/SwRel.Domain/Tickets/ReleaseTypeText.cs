using System.Diagnostics.CodeAnalysis;

namespace SwRel.Domain.Tickets;

/// <summary>Parsing of <see cref="ReleaseType"/> values as tickets and the command line spell them.</summary>
/// <remarks>
/// The names are <c>Incremental</c> and <c>NonIncremental</c>, matched without regard to case. Numbers and
/// surrounding white space are not accepted; trim first where the source may pad. All members are thread-safe.
/// </remarks>
public static class ReleaseTypeText
{
    /// <summary>Tries to parse a release type's name.</summary>
    /// <param name="text">The name, for example <c>Incremental</c>.</param>
    /// <param name="releaseType">The release type, when the name is known.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> names a release type.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ReleaseType releaseType)
    {
        if (string.Equals(text, "Incremental", StringComparison.OrdinalIgnoreCase))
        {
            releaseType = ReleaseType.Incremental;
            return true;
        }

        releaseType = ReleaseType.NonIncremental;
        return string.Equals(text, "NonIncremental", StringComparison.OrdinalIgnoreCase);
    }
}
