using System.Diagnostics.CodeAnalysis;

namespace SwRel.Domain.Workflow;

/// <summary>
/// Parsing and formatting of <see cref="RolloutProgress"/> values as tickets spell them (SPEC §2).
/// </summary>
/// <remarks>
/// Parsing is case-insensitive and accepts exactly the spellings tickets use: the state names, plus
/// <c>In verification</c>, <c>Waiting for response</c>, <c>Stage-Rollout</c>, <c>StageRollOut</c>,
/// <c>Not published</c>, and <c>Accepted</c> as an alias of <see cref="RolloutProgress.Production"/>.
/// White space appears only as the single spaces of those spellings: <c>Stage Rollout</c>,
/// <c> Production</c> or a trailing line end are refused, so that a value that was mangled on its way
/// (a padded form field, a CSV cell with a stray space) is reported instead of guessed. A missing or
/// empty value reads as <see cref="RolloutProgress.Submitted"/>. All members are thread-safe.
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
    /// <param name="text">The text to parse; empty reads as Submitted.</param>
    /// <param name="state">The state, when the text is accepted.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an accepted spelling.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out RolloutProgress state)
    {
        // Longest accepted spelling is "waiting for response" (20 characters); anything longer cannot match.
        Span<char> key = stackalloc char[24];
        if (text.Length > key.Length)
        {
            state = default;
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c > 127)
            {
                state = default;
                return false;
            }

            key[i] = char.ToLowerInvariant(c);
        }

        return TryParseKey(key[..text.Length], out state);
    }

    /// <summary>Builds the message used when a state name is not recognised.</summary>
    /// <param name="text">The text that was not recognised.</param>
    /// <returns>A message that names the text and lists the accepted states.</returns>
    public static string UnknownStateMessage(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spaces = text.Any(char.IsWhiteSpace)
            ? " (white space is allowed only as the single spaces of 'In verification', 'Waiting for response' and 'Not published')"
            : string.Empty;
        return $"'{Visible(text)}' is not a RolloutProgress state{spaces}; expected one of {string.Join(", ", s_all.Select(s => s.ToName()))} (or 'Accepted' for Production).";
    }

    // Control characters would break the message's line or hide in it; they are shown as escapes. A long value is cut,
    // so that a hostile one cannot make the message as large as itself.
    private static string Visible(string text)
    {
        const int MaxShown = 64;
        if (text.Length > MaxShown)
        {
            return Visible(text[..MaxShown]) + $"… ({text.Length:N0} characters)";
        }

        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\t' => "\\t",
                '\r' => "\\r",
                '\n' => "\\n",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

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
            case "in verification":
                state = RolloutProgress.InVerification;
                return true;
            case "waitingforresponse":
            case "waiting for response":
                state = RolloutProgress.WaitingForResponse;
                return true;
            case "stagerollout":
            case "stage-rollout":
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
            case "not published":
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
