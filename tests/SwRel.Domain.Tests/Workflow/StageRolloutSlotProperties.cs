using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using SwRel.Domain.Requests;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Workflow;

/// <summary>The one definition of the stage-rollout slot holder, checked against the transition table (SPEC §2.1).</summary>
public sealed class StageRolloutSlotProperties
{
    private static readonly RolloutProgress[] States = Enum.GetValues<RolloutProgress>();

    private static Gen<(RolloutProgress State, FailedTransition? Failed)> Tickets =>
        from state in Gen.Elements(States)
        from hasFailure in Gen.Elements(true, false)
        from start in Gen.Elements(States.Where(s => s != RolloutProgress.Failed).ToArray())
        from end in Gen.Elements(States.Where(s => s != RolloutProgress.Failed).ToArray())
        select (state, hasFailure ? new FailedTransition(start, end, "boom") : null);

    // SPEC §2.1: "at most one ticket per AssociatedMajorRelease is in StageRollout"; a Failed ticket whose revert (row 21)
    // returns it to StageRollout keeps that place, since the revert asks for no slot of its own.
    [Property(MaxTest = 1000)]
    public Property A_ticket_holds_the_slot_exactly_when_it_is_in_StageRollout_or_a_row_21_revert_leads_back_there() =>
        Prop.ForAll(Tickets.ToArbitrary(), t =>
        {
            var revertsIntoStageRollout = TransitionTable.Rules.Any(r =>
                r.Requires(TransitionConditions.Revert) && r.AppliesFrom(t.State) && t.Failed?.From == RolloutProgress.StageRollout);
            return StageRolloutSlot.Holds(t.State, t.Failed) == (t.State == RolloutProgress.StageRollout || revertsIntoStageRollout);
        });

    // SPEC §2.1 rows 11, 12b and 15: whatever the other tickets of the major release are, the repository's decisions never
    // leave two holders of one slot (an emergency that bypasses the slot aside).
    [Property(MaxTest = 500)]
    public Property The_repositorys_decisions_never_put_a_second_holder_into_a_slot() =>
        Prop.ForAll(
            (from others in Gen.ListOf(Tickets)
             from previous in Gen.Elements(RolloutProgress.InVerification, RolloutProgress.Unverified, RolloutProgress.Failed)
             from emergency in Gen.Elements(true, false)
             from failed in Tickets
             select (others, previous, emergency, failed.Failed)).ToArbitrary(),
            c =>
            {
                var workflow = new RepositoryWorkflow(Options.Create(new WorkflowOptions { EmergencyBypassesSlot = false }));
                var line = c.others.Select((t, i) => Snapshot(100 + i, t.State, t.Failed, emergency: false)).ToList();
                var ticket = Snapshot(1, RolloutProgress.StageRollout, c.Failed, c.emergency);
                var request = new TransitionRequest(1, c.previous, RolloutProgress.StageRollout, c.emergency);
                var decision = workflow.Decide(request, ticket, line);
                var taken = line.Any(StageRolloutSlot.Holds);
                var entered = decision.Kind is RepositoryDecisionKind.Apply or RepositoryDecisionKind.Revert;
                var deferredOnlyFromRow11 = decision.Kind != RepositoryDecisionKind.Defer || c.previous == RolloutProgress.InVerification;
                var next = workflow.NextFromDeferred(line);
                return (!(taken && entered) && deferredOnlyFromRow11 && (next is null || !taken))
                    .Label($"{decision.Kind} with the slot {(taken ? "taken" : "free")}");
            });

    private static TicketSnapshot Snapshot(int id, RolloutProgress state, FailedTransition? failed, bool emergency) =>
        TicketSnapshot.FromTicketSystem(
            id,
            state,
            DateTimeOffset.UnixEpoch.AddDays(id),
            new Dictionary<string, string> { ["AssociatedMajorRelease"] = "umd-4", ["EmergencyRelease"] = emergency ? "Yes" : "No" },
            failed);
}
