using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Versions;

/// <summary>Compares versions of one scheme straight from their text.</summary>
/// <remarks>Implementations are stateless and thread-safe; comparing valid text allocates nothing.</remarks>
public interface IVersionSchemeComparer
{
    /// <summary>Gets the scheme this comparer orders.</summary>
    VersionScheme Scheme { get; }

    /// <summary>Parses both texts and compares them by the scheme's rules.</summary>
    /// <param name="x">The first version's text.</param>
    /// <param name="y">The second version's text.</param>
    /// <returns>-1 when <paramref name="x"/> sorts first, 0 when the scheme sees them as equal, 1 otherwise.</returns>
    /// <exception cref="FormatException">A text is not a version of the scheme; the message says why.</exception>
    int Compare(ReadOnlySpan<char> x, ReadOnlySpan<char> y);

    /// <summary>Parses both texts and compares them by the scheme's rules, or says what is wrong.</summary>
    /// <param name="x">The first version's text.</param>
    /// <param name="y">The second version's text.</param>
    /// <param name="result">-1, 0 or 1, when both texts are valid.</param>
    /// <param name="error">What is wrong with the first invalid text, otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when both texts are versions of the scheme.</returns>
    bool TryCompare(ReadOnlySpan<char> x, ReadOnlySpan<char> y, out int result, [NotNullWhen(false)] out string? error);
}
