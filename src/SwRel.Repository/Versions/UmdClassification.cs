using SwRel.Domain.Tickets;

namespace SwRel.Repository.Versions;

/// <summary>The result of classifying a UMD release against the version it follows (SPEC §10).</summary>
/// <remarks>
/// <para>Immutable. Rules, for <c>previous</c> → <c>next</c>:</para>
/// <list type="bullet">
/// <item>An equal or older <c>next</c> is an error and has no <see cref="Kind"/>.</item>
/// <item>The kind is the highest number that grew: MAJOR → <see cref="UmdReleaseKind.Major"/>, else MINOR →
/// <see cref="UmdReleaseKind.Minor"/>, else <see cref="UmdReleaseKind.Revision"/>.</item>
/// <item>A skipped number is a warning: <c>1.2.3 → 3.0.0</c> skips major 2, <c>1.2.0 → 1.4.0</c> skips minor 1.3,
/// <c>1.2.3 → 1.2.5</c> skips revision 1.2.4.</item>
/// <item>A new major or minor series that does not start at <c>.0</c> (<c>1.2.3 → 2.0.1</c>, <c>1.2.3 → 1.3.2</c>)
/// is a warning, not an error: it skips the series' first release (2.0.0, 1.3.0), which may have been published
/// elsewhere; the kind still follows the highest number that grew.</item>
/// <item>A major release is NonIncremental (a new base); minor and revision releases are Incremental. A given
/// ReleaseType that contradicts this is an error.</item>
/// </list>
/// </remarks>
public sealed class UmdClassification
{
    private UmdClassification(
        UmdVersion previous, UmdVersion next, UmdReleaseKind? kind, ReleaseType? releaseType, IReadOnlyList<string> warnings, IReadOnlyList<string> errors)
    {
        Previous = previous;
        Next = next;
        Kind = kind;
        ReleaseType = releaseType;
        Warnings = warnings;
        Errors = errors;
    }

    /// <summary>Gets the version released before.</summary>
    public UmdVersion Previous { get; }

    /// <summary>Gets the version to release.</summary>
    public UmdVersion Next { get; }

    /// <summary>Gets the kind of release, or <see langword="null"/> when <see cref="Next"/> is not newer than <see cref="Previous"/>.</summary>
    public UmdReleaseKind? Kind { get; }

    /// <summary>Gets the ReleaseType that was checked, or <see langword="null"/> when none was given.</summary>
    public ReleaseType? ReleaseType { get; }

    /// <summary>Gets the ReleaseType the kind calls for (NonIncremental for a major release, else Incremental), or <see langword="null"/> without a kind.</summary>
    public ReleaseType? ExpectedReleaseType => Kind switch
    {
        null => null,
        UmdReleaseKind.Major => Domain.Tickets.ReleaseType.NonIncremental,
        _ => Domain.Tickets.ReleaseType.Incremental,
    };

    /// <summary>Gets what an operator should look at but that does not stop the release (skipped numbers).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Gets what makes the release wrong (not newer, contradicting ReleaseType).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Gets whether there is no error.</summary>
    public bool IsValid => Errors.Count == 0;

    internal static UmdClassification Create(UmdVersion previous, UmdVersion next, ReleaseType? releaseType)
    {
        var warnings = new List<string>();
        var errors = new List<string>();
        var order = next.CompareTo(previous);
        if (order <= 0)
        {
            errors.Add(order == 0
                ? $"Next version {next} equals the previous version {previous}; a new release needs a higher version."
                : $"Next version {next} is older than the previous version {previous}; a new release needs a higher version.");
            return new UmdClassification(previous, next, null, releaseType, warnings, errors);
        }

        UmdReleaseKind kind;
        if (next.Major != previous.Major)
        {
            kind = UmdReleaseKind.Major;
            if (next.Major > previous.Major + 1)
            {
                warnings.Add($"{previous} to {next} skips {Range("major version", previous.Major + 1, next.Major - 1, "")}.");
            }

            if (next.Minor != 0 || next.Revision != 0)
            {
                warnings.Add($"A new major series should start at {next.Major}.0.0; {next} skips it.");
            }
        }
        else if (next.Minor != previous.Minor)
        {
            kind = UmdReleaseKind.Minor;
            if (next.Minor > previous.Minor + 1)
            {
                warnings.Add($"{previous} to {next} skips {Range("minor version", previous.Minor + 1, next.Minor - 1, $"{next.Major}.")}.");
            }

            if (next.Revision != 0)
            {
                warnings.Add($"A new minor series should start at {next.Major}.{next.Minor}.0; {next} skips it.");
            }
        }
        else
        {
            kind = UmdReleaseKind.Revision;
            if (next.Revision > previous.Revision + 1)
            {
                warnings.Add($"{previous} to {next} skips {Range("revision", previous.Revision + 1, next.Revision - 1, $"{next.Major}.{next.Minor}.")}.");
            }
        }

        var expected = kind == UmdReleaseKind.Major ? Domain.Tickets.ReleaseType.NonIncremental : Domain.Tickets.ReleaseType.Incremental;
        if (releaseType is { } given && given != expected)
        {
            errors.Add(kind == UmdReleaseKind.Major
                ? $"ReleaseType {given} contradicts {previous} to {next}: a major release starts a new series and is {expected} (published into base)."
                : $"ReleaseType {given} contradicts {previous} to {next}: a {(kind == UmdReleaseKind.Minor ? "minor" : "revision")} release is {expected} (published into updates).");
        }

        return new UmdClassification(previous, next, kind, releaseType, warnings, errors);
    }

    private static string Range(string what, int first, int last, string prefix) =>
        first == last ? $"{what} {prefix}{first}" : $"{what}s {prefix}{first} to {prefix}{last}";
}
