using SwRel.Domain.Workflow;

namespace SwRel.Pipeline.Sqlite;

/// <summary>
/// The slot as a ticket system sees it when a person moves a ticket: always free. As in RT, the person's move is
/// recorded and posted; the daemon decides the slot under its lock and defers the ticket when the slot is taken (rows 12
/// and 12b), so the ticket store must not refuse the move in its place.
/// </summary>
internal sealed class FreeStageRolloutSlots : IStageRolloutSlots
{
    public static readonly FreeStageRolloutSlots Instance = new();

    public bool IsTaken(string majorRelease, int ticketId) => false;
}
