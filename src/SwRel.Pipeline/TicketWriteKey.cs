using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Pipeline;

/// <summary>
/// Names one comment that the pipeline writes to a ticket (for example the failure comment of queued request 42), so
/// that the ticket system stores it once however often the request is processed: after a crash, a lost lease or a
/// retry the pipeline writes the same comment again with the same key, and <see cref="ITicketGateway.AddCommentAsync"/>
/// adds nothing the second time.
/// </summary>
/// <remarks>
/// <para>
/// A key is 1 to <see cref="MaxLength"/> characters of ASCII letters, digits and <c>. : / -</c>, so that a gateway can
/// keep it anywhere text goes (a database column, an RT comment's subject) and find it again by exact comparison.
/// Keys are compared ordinally and are unique per ticket: the same key on two tickets names two comments.
/// </para>
/// <para>
/// The pipeline's keys name the queued request by its identifier and the time it was queued, so that a queue started
/// afresh (whose identifiers begin at 1 again) never repeats a key a ticket already holds. Two comments are named by the
/// ticket's stay in a state instead (the state and the time the ticket entered it): the comment on a Deferred ticket
/// moved into StageRollout, since any request that frees the slot may make it, and the comment saying what the
/// repository carried out, since a move posted twice is carried out twice to the same effect. Immutable.
/// </para>
/// </remarks>
public sealed record TicketWriteKey
{
    /// <summary>The longest key, in characters.</summary>
    public const int MaxLength = 100;

    private TicketWriteKey(string value) => Value = value;

    /// <summary>Gets the key's text.</summary>
    public string Value { get; }

    /// <summary>Reads a key from its text.</summary>
    /// <param name="value">The text, as <see cref="Value"/> gave it.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException"><paramref name="value"/> is empty, too long or holds a character a key may not hold.</exception>
    public static TicketWriteKey Parse(string value) =>
        TryParse(value, out var key)
            ? key
            : throw new FormatException($"'{value}' is not a ticket write key: a key is 1 to {MaxLength} characters of ASCII letters, digits and . : / -.");

    /// <summary>Reads a key from its text, if it is one.</summary>
    /// <param name="value">The text.</param>
    /// <param name="key">The key, when the text is one.</param>
    /// <returns>Whether <paramref name="value"/> is a key.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out TicketWriteKey? key)
    {
        key = null;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or ':' or '/' or '-'))
            {
                return false;
            }
        }

        key = new TicketWriteKey(value);
        return true;
    }

    /// <summary>The key of one write the processor makes for a queued request.</summary>
    /// <param name="lease">The request's lease (its identifier and enqueue time are the same on every attempt).</param>
    /// <param name="write">Which write, in the key's characters, for example <c>failed</c>.</param>
    internal static TicketWriteKey ForRequest(RequestLease lease, string write) =>
        Parse(string.Create(CultureInfo.InvariantCulture, $"request-{lease.RequestId}-{lease.EnqueuedAtUtc.UtcTicks}/{write}"));

    /// <summary>
    /// The key of one write the processor makes about a ticket's stay in its current state, whichever request makes it
    /// (moving a Deferred ticket on when the slot frees): the state and the time the ticket entered it name the stay.
    /// </summary>
    internal static TicketWriteKey ForStay(TicketSnapshot ticket, string write) =>
        Parse(string.Create(CultureInfo.InvariantCulture, $"ticket-{ticket.RolloutProgress.ToName()}-{ticket.RolloutProgressSinceUtc.UtcTicks}/{write}"));

    /// <summary>The key of the comment about an invalid request.</summary>
    internal static TicketWriteKey ForNotice(long noticeId, DateTimeOffset receivedAtUtc) =>
        Parse(string.Create(CultureInfo.InvariantCulture, $"invalid-request-{noticeId}-{receivedAtUtc.UtcTicks}"));

    /// <inheritdoc/>
    public override string ToString() => Value;
}
