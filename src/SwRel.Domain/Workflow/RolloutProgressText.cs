using System.Diagnostics.CodeAnalysis;

namespace SwRel.Domain.Workflow;

/// <summary>
/// Parsing and formatting of <see cref="RolloutProgress"/> values as tickets spell them (SPEC §2).
/// </summary>
/// <remarks>
/// Parsing is case-insensitive and ignores spaces, hyphens and underscores. Besides the state names
/// it accepts <c>In verification</c>, <c>Waiting for response</c>, <c>Stage-Rollout</c>,
/// <c>StageRollOut</c>, <c>Not published</c>, and <c>Accepted</c> as an alias of
/// <see cref="RolloutProgress.Production"/>. A missing or empty value reads as
/// <see cref="RolloutProgress.Submitted"/>. All members are thread-safe.
/// </remarks>
public static class RolloutProgressText
{
    private static readonly RolloutProgress[] s_all = Enum.GetValues<RolloutProgress>();

    /// <summary>Gets every state, in declaration order.</summary>
    public static IReadOnlyList<RolloutProgress> All => s_all;

    /// <summary>Returns whether <paramref name="state"/> is terminal: Production, Rejected, Ignored or NotPublished.</summary>
    /// <param name="state">The state to test.</param>
    /// <returns><see langword="true"/> for a terminal state.</returns>
    public static bool IsTerminal(this RolloutProgress state) =>
        state is RolloutProgress.Production or RolloutProgress.Rejected
            or RolloutProgress.Ignored or RolloutProgress.NotPublished;

    /// <summary>Returns the canonical name of <paramref name="state"/>, as written to tickets.</summary>
    /// <param name="state">The state to name.</param>
    /// <returns>The state's name, for example <c>StageRollout</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined state.</exception>
    public static string ToName(this RolloutProgress state) => state switch
    {
        RolloutProgress.Submitted => "Submitted",
        RolloutProgress.Unverified => "Unverified",
        RolloutProgress.InVerification => "InVerification",
        RolloutProgress.WaitingForResponse => "WaitingForResponse",
        RolloutProgress.StageRollout => "StageRollout",
        RolloutProgress.Deferred => "Deferred",
        RolloutProgress.Production => "Production",
        RolloutProgress.Rejected => "Rejected",
        RolloutProgress.Ignored => "Ignored",
        RolloutProgress.NotPublished => "NotPublished",
        RolloutProgress.Failed => "Failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a RolloutProgress state."),
    };

    /// <summary>Parses a RolloutProgress value in any accepted spelling.</summary>
    /// <param name="text">The text to parse; <see langword="null"/> or empty reads as Submitted.</param>
    /// <returns>The state.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not an accepted spelling.</exception>
    public static RolloutProgress Parse(string? text) =>
        TryParse(text, out var state)
            ? state
            : throw new FormatException(UnknownStateMessage(text!));

    /// <summary>Tries to parse a RolloutProgress value in any accepted spelling.</summary>
    /// <param name="text">The text to parse; <see langword="null"/> or empty reads as Submitted.</param>
    /// <param name="state">The state, when the text is accepted.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an accepted spelling.</returns>
    public static bool TryParse(string? text, out RolloutProgress state) => TryParse(text.AsSpan(), out state);

    /// <summary>Tries to parse a RolloutProgress value in any accepted spelling, without allocating.</summary>
    /// <param name="text">The text to parse; empty or white space reads as Submitted.</param>
    /// <param name="state">The state, when the text is accepted.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an accepted spelling.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out RolloutProgress state)
    {
        // Longest accepted key is "waitingforresponse" (18 letters); anything longer cannot match.
        Span<char> key = stackalloc char[24];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '-' or '_' || char.IsWhiteSpace(c))
            {
                continue;
            }

            if (length == key.Length || c > 127)
            {
                state = default;
                return false;
            }

            key[length++] = char.ToLowerInvariant(c);
        }

        return TryParseKey(key[..length], out state);
    }

    /// <summary>Builds the message used when a state name is not recognised.</summary>
    /// <param name="text">The text that was not recognised.</param>
    /// <returns>A message that names the text and lists the accepted states.</returns>
    public static string UnknownStateMessage(string text) =>
        $"'{text}' is not a RolloutProgress state; expected one of {string.Join(", ", s_all.Select(s => s.ToName()))} (or 'Accepted' for Production).";

    private static bool TryParseKey(ReadOnlySpan<char> key, out RolloutProgress state)
    {
        switch (key)
        {
            case "":
            case "submitted":
                state = RolloutProgress.Submitted;
                return true;
            case "unverified":
                state = RolloutProgress.Unverified;
                return true;
            case "inverification":
                state = RolloutProgress.InVerification;
                return true;
            case "waitingforresponse":
                state = RolloutProgress.WaitingForResponse;
                return true;
            case "stagerollout":
                state = RolloutProgress.StageRollout;
                return true;
            case "deferred":
                state = RolloutProgress.Deferred;
                return true;
            case "production":
            case "accepted":
                state = RolloutProgress.Production;
                return true;
            case "rejected":
                state = RolloutProgress.Rejected;
                return true;
            case "ignored":
                state = RolloutProgress.Ignored;
                return true;
            case "notpublished":
                state = RolloutProgress.NotPublished;
                return true;
            case "failed":
                state = RolloutProgress.Failed;
                return true;
            default:
                state = default;
                return false;
        }
    }
}
