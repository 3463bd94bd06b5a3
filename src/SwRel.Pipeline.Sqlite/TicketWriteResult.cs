using System.Collections.Immutable;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Sqlite;

/// <summary>What a write to the <see cref="SqliteTicketStore"/> did: saved, or refused with every reason.</summary>
/// <remarks>Immutable. A refused write changes nothing on the ticket.</remarks>
public sealed record TicketWriteResult
{
    /// <summary>Gets the ticket's number (0 when a new ticket was refused).</summary>
    public required int TicketId { get; init; }

    /// <summary>Gets why the write was refused, each reason naming the field, the writer and the rule; empty when it was saved.</summary>
    public ImmutableArray<string> Errors { get; init; } = [];

    /// <summary>
    /// Gets the RolloutProgress change the write made, as the transition request (SPEC §6) that the ticket system posts
    /// to the daemon for it; <see langword="null"/> when RolloutProgress did not change.
    /// </summary>
    public ProvisioningRequest? Transition { get; init; }

    /// <summary>Gets whether the write was saved.</summary>
    public bool Succeeded => Errors.IsDefaultOrEmpty;
}
