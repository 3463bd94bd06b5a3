using System.Diagnostics.CodeAnalysis;

namespace SwRel.Domain.Tickets;

/// <summary>
/// An AssociatedMajorRelease such as <c>umd-4</c>, <c>cmd-os-1</c> or <c>ca-1</c>: a distribution,
/// a <c>-</c>, and a major number (SPEC §3, §11).
/// </summary>
/// <remarks>
/// The name splits at its last <c>-</c>: <c>cmd-os-1</c> is distribution <c>cmd-os</c>, major 1. Parsing normalises it
/// to the form the repository paths use, the distribution in lower case and the major without leading zeros:
/// <c>UMD-4</c> and <c>umd-04</c> are <c>umd-4</c>, so that one major release never gets a second tree
/// (<c>sw/production/UMD/4</c> beside <c>sw/production/umd/4</c>). Immutable.
/// </remarks>
public sealed record MajorRelease
{
    private MajorRelease(string distribution, int major)
    {
        Distribution = distribution;
        Major = major;
        Name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{distribution}-{major}");
    }

    /// <summary>Gets the distribution in lower case, for example <c>umd</c> or <c>cmd-os</c>.</summary>
    public string Distribution { get; }

    /// <summary>Gets the major number, for example 4.</summary>
    public int Major { get; }

    /// <summary>Gets the normalised name, for example <c>umd-4</c> (also for <c>UMD-4</c>).</summary>
    /// <remarks>Computed once, so that hot paths (the stage-rollout slot query) do not allocate.</remarks>
    public string Name { get; }

    /// <summary>Parses a major-release name.</summary>
    /// <param name="text">The name, for example <c>umd-4</c>.</param>
    /// <returns>The major release.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a distribution, a <c>-</c> and a major number; the message says why.</exception>
    public static MajorRelease Parse(string text) =>
        TryParse(text, out var release, out var error) ? release : throw new FormatException(error);

    /// <summary>Tries to parse a major-release name.</summary>
    /// <param name="text">The name, for example <c>umd-4</c>.</param>
    /// <param name="release">The major release, when valid.</param>
    /// <param name="error">Why the text is not valid, when it is not.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is valid.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out MajorRelease? release, [NotNullWhen(false)] out string? error)
    {
        release = null;
        var dash = text?.LastIndexOf('-') ?? -1;
        if (text is null || dash <= 0 || dash == text.Length - 1)
        {
            error = $"AssociatedMajorRelease '{text}' must be a distribution, '-' and a major number, for example 'umd-4'.";
            return false;
        }

        var distribution = text[..dash];
        foreach (var c in distribution)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                error = $"AssociatedMajorRelease '{text}' has a distribution with the character '{c}'; use letters, digits, '-', '_' and '.'.";
                return false;
            }
        }

        var digits = text.AsSpan(dash + 1);
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                error = $"AssociatedMajorRelease '{text}' must end in a major number after its last '-'.";
                return false;
            }
        }

        if (!int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major))
        {
            error = $"AssociatedMajorRelease '{text}' has a major number that is too large.";
            return false;
        }

        // The distribution holds only ASCII letters, digits, '-', '_' and '.', so lower-casing it cannot merge two names
        // that differ in anything but case.
        release = new MajorRelease(distribution.ToLowerInvariant(), major);
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
