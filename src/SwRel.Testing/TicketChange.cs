using SwRel.Domain.Workflow;

namespace SwRel.Testing;

/// <summary>One RolloutProgress change recorded by an <see cref="InMemoryTicketGateway"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed record TicketChange
{
    /// <summary>Gets the ticket's number.</summary>
    public required int TicketId { get; init; }

    /// <summary>Gets the state left.</summary>
    public required RolloutProgress From { get; init; }

    /// <summary>Gets the state entered.</summary>
    public required RolloutProgress To { get; init; }

    /// <summary>Gets whether the pipeline made the change (otherwise a person did, through <see cref="InMemoryTicketGateway.Move"/>).</summary>
    public required bool ByRepository { get; init; }

    /// <summary>Gets when.</summary>
    public required DateTimeOffset AtUtc { get; init; }
}
