using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Domain.History;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Workflow;

/// <summary>The machine agrees with the transition table for every request (SPEC §2.1).</summary>
public sealed class TableAgreementProperties
{
    private static readonly RolloutProgress[] States = Enum.GetValues<RolloutProgress>();
    private static readonly RolloutActor[] Actors = Enum.GetValues<RolloutActor>();

    public sealed record Case(
        RolloutProgress State,
        RolloutProgress Target,
        bool Emergency,
        RolloutActor Actor,
        bool SlotTaken,
        bool Reason,
        bool Reports,
        EmergencyPolicy Policy,
        bool Bypass,
        RolloutProgress FailedFrom,
        RolloutProgress FailedTo,
        bool EnteredFromInVerification);

    // Failed, and the two ends of its failed transition as targets, are drawn more often than their
    // share: rows 21 and 22 (and the slot rule on them) would otherwise come up a few times per run.
    private static Gen<Case> Cases =>
        from failedFrom in Gen.Elements(States.Where(s => s != RolloutProgress.Failed).ToArray())
        from failedTo in Gen.Elements(States.Where(s => s != RolloutProgress.Failed).ToArray())
        from state in Gen.OneOf(Gen.Elements(States), Gen.Constant(RolloutProgress.Failed))
        from target in Gen.OneOf(Gen.Elements(States), Gen.Elements(failedFrom, failedTo))
        from emergency in Gen.Elements(true, false)
        from actor in Gen.Elements(Actors)
        from slot in Gen.Elements(true, false)
        from reason in Gen.Elements(true, false)
        from reports in Gen.Elements(true, false)
        from policy in Gen.Elements(EmergencyPolicy.FastStagedRollout, EmergencyPolicy.StraightToProduction)
        from bypass in Gen.Elements(true, false)
        from enteredFromInVerification in Gen.Elements(true, false)
        select new Case(state, target, emergency, actor, slot, reason, reports, policy, bypass, failedFrom, failedTo, enteredFromInVerification);

    /// <summary>The table, read literally: is there a row that permits this request?</summary>
    private static bool TablePermits(Case c)
    {
        foreach (var rule in TransitionTable.Rules)
        {
            if (!rule.AppliesFrom(c.State))
            {
                continue;
            }

            var to = rule.TargetKind switch
            {
                TransitionTargetKind.Fixed => rule.To!.Value,
                TransitionTargetKind.FailedTransitionSource => c.FailedFrom,
                _ => c.FailedTo,
            };
            if (to != c.Target)
            {
                continue;
            }

            var actorOk = rule.Actor == c.Actor || (c.Actor == RolloutActor.Admin && rule.Actor != RolloutActor.Repo);
            var conditions = rule.Conditions;
            var ok = actorOk
                && (!conditions.HasFlag(TransitionConditions.ReasonRequired) || c.Reason)
                && (!conditions.HasFlag(TransitionConditions.RepositoryActionFailed) || c.Reason)
                && (!conditions.HasFlag(TransitionConditions.EmergencyFastStagedRollout) || (c.Emergency && c.Policy == EmergencyPolicy.FastStagedRollout))
                && (!conditions.HasFlag(TransitionConditions.EmergencyStraightToProduction) || (c.Emergency && c.Policy == EmergencyPolicy.StraightToProduction))
                && (!conditions.HasFlag(TransitionConditions.VerificationReportSet) || c.Reports)
                && (!conditions.HasFlag(TransitionConditions.StageRolloutReportSet) || c.Reports)
                && (!conditions.HasFlag(TransitionConditions.StageRolloutSlotTaken) || c.SlotTaken)
                // SPEC §2.1: at most one ticket per major release in StageRollout, unless an emergency bypasses the
                // slot — whichever row leads there, the revert and retry of rows 21 and 22 included.
                && (to != RolloutProgress.StageRollout || !c.SlotTaken || (c.Emergency && c.Bypass))
                // Row 12b corrects only a move InVerification → StageRollout made just before.
                && (!conditions.HasFlag(TransitionConditions.CorrectsRow11Entry) || Predecessor(c) == RolloutProgress.InVerification)
                // Rows 21 and 22 revert or retry only a recorded failed transition that is itself a row of the table.
                && (!(conditions.HasFlag(TransitionConditions.Revert) || conditions.HasFlag(TransitionConditions.Retry))
                    || TransitionTable.Rules.Any(r => r.TargetKind == TransitionTargetKind.Fixed && r.To == c.FailedTo
                        && c.FailedTo != RolloutProgress.Failed && r.AppliesFrom(c.FailedFrom)));
            if (ok)
            {
                return true;
            }
        }

        return false;
    }

    private static RolloutProgress Predecessor(Case c) =>
        c.State == RolloutProgress.Submitted ? RolloutProgress.Submitted
        : c.EnteredFromInVerification ? RolloutProgress.InVerification
        : RolloutProgress.Submitted;

    // SPEC §2.1: "Everything not in the table is refused with a clear reason."
    [Property(MaxTest = 3000)]
    public Property The_machine_permits_exactly_what_the_table_permits_and_explains_every_refusal() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var workflow = Fixtures.Workflow(c.SlotTaken, c.Policy, c.Bypass);
            var ticket = Fixtures.TicketIn(workflow, c.State, c.Emergency, c.Reports, new FailedTransition(c.FailedFrom, c.FailedTo, "boom"));
            if (c.EnteredFromInVerification && c.State != RolloutProgress.Submitted)
            {
                // The ticket's latest move was InVerification → its state.
                ticket.History = StateHistory.Create([ticket.History.Entries[0], new(RolloutProgress.InVerification, Fixtures.Start, "setup"), ticket.History.Entries[^1]]);
            }

            var historyBefore = ticket.History.Count;
            var result = workflow.Fire(ticket, c.Target, new TransitionContext(c.Actor, c.Reason ? "because" : null));
            var expected = TablePermits(c);
            if (expected)
            {
                return (result.IsApplied && ticket.RolloutProgress == c.Target && ticket.History.Count == historyBefore + 1
                        && ticket.History.Current!.Value.State == c.Target)
                    .Label($"expected {c} to be applied; got: {result.Reason}");
            }

            return (!result.IsApplied && ticket.RolloutProgress == c.State && ticket.History.Count == historyBefore
                    && !string.IsNullOrWhiteSpace(result.Reason))
                .Label($"expected {c} to be refused; applied by row {result.Decision.Rule?.Label}");
        });

    // SPEC §2: "No person moves a ticket out of a terminal state; only the repository may report
    // that the action for entering it failed (row 20)."
    [Property(MaxTest = 500)]
    public Property Terminal_states_permit_only_Failed() =>
        Prop.ForAll(Cases.Where(c => c.State.IsTerminal()).ToArbitrary(), c =>
        {
            var workflow = Fixtures.Workflow(c.SlotTaken, c.Policy, c.Bypass);
            var ticket = Fixtures.TicketIn(workflow, c.State, c.Emergency, c.Reports);
            var result = workflow.Fire(ticket, c.Target, new TransitionContext(c.Actor, c.Reason ? "because" : null));
            return !result.IsApplied || (c.Target == RolloutProgress.Failed && c.Actor == RolloutActor.Repo);
        });

    [Property(MaxTest = 300)]
    public Property Random_walks_never_leave_the_state_set() =>
        Prop.ForAll(
            (from steps in Gen.ListOf(
                 from target in Gen.Elements(States)
                 from actor in Gen.Elements(Actors)
                 from reason in Gen.Elements(true, false)
                 select (target, actor, reason))
             from slot in Gen.Elements(true, false)
             from emergency in Gen.Elements(true, false)
             select (steps, slot, emergency)).ToArbitrary(),
            walk =>
            {
                var workflow = Fixtures.Workflow(walk.slot);
                var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted, walk.emergency);
                var applied = 0;
                var machine = workflow.CreateMachine(ticket);
                foreach (var (target, actor, reason) in walk.steps)
                {
                    // The walk reuses one machine configured with every row; the table property above uses one-shot machines.
                    var expected = workflow.Evaluate(ticket, target, new TransitionContext(actor, reason ? "why" : null)).IsPermitted;
                    var result = machine.Fire(target, new TransitionContext(actor, reason ? "why" : null));
                    if (result.IsApplied != expected)
                    {
                        return false;
                    }

                    applied += result.IsApplied ? 1 : 0;
                    if (!Enum.IsDefined(ticket.RolloutProgress) || (result.IsApplied && ticket.RolloutProgress != target))
                    {
                        return false;
                    }
                }

                return ticket.History.Count == applied + 1
                    && ticket.History.Current!.Value.State == ticket.RolloutProgress
                    && (ticket.RolloutProgress == RolloutProgress.Failed) == (ticket.FailedTransition is not null);
            });

    [Fact]
    public void Every_row_of_the_table_is_applied_by_some_request()
    {
        // Each row must be reachable, or the property above could pass vacuously.
        foreach (var rule in TransitionTable.Rules)
        {
            var from = rule.From ?? RolloutProgress.Submitted;
            var emergency = rule.Requires(TransitionConditions.EmergencyFastStagedRollout) || rule.Requires(TransitionConditions.EmergencyStraightToProduction);
            var policy = rule.Requires(TransitionConditions.EmergencyStraightToProduction) ? EmergencyPolicy.StraightToProduction : EmergencyPolicy.FastStagedRollout;
            var workflow = Fixtures.Workflow(slotTaken: rule.Requires(TransitionConditions.StageRolloutSlotTaken), policy: policy);
            var ticket = Fixtures.TicketIn(workflow, from, emergency);
            if (rule.Requires(TransitionConditions.CorrectsRow11Entry))
            {
                ticket.History = StateHistory.Create([ticket.History.Entries[0], new(RolloutProgress.InVerification, Fixtures.Start, "setup"), ticket.History.Entries[^1]]);
            }

            var target = rule.TargetKind switch
            {
                TransitionTargetKind.Fixed => rule.To!.Value,
                TransitionTargetKind.FailedTransitionSource => ticket.FailedTransition!.From,
                _ => ticket.FailedTransition!.To,
            };
            var result = workflow.Fire(ticket, target, new TransitionContext(rule.Actor, "a reason"));
            Assert.True(result.IsApplied, $"row {rule.Label}: {result.Reason}");
            Assert.Equal(rule.Label, result.Decision.Rule!.Label);
        }
    }
}
