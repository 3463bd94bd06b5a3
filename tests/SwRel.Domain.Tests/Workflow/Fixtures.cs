using Microsoft.Extensions.Time.Testing;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Workflow;

/// <summary>A slot port whose answer the test sets.</summary>
internal sealed class FixedSlots(bool taken) : IStageRolloutSlots
{
    public bool Taken { get; set; } = taken;

    public bool IsTaken(string majorRelease, int ticketId) => Taken;
}

internal static class Fixtures
{
    public static readonly DateTimeOffset Start = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static RolloutWorkflow Workflow(
        bool slotTaken = false,
        EmergencyPolicy policy = EmergencyPolicy.FastStagedRollout,
        bool bypass = true,
        TimeProvider? time = null,
        Action<WorkflowOptions>? configure = null)
    {
        var options = new WorkflowOptions { EmergencyPolicy = policy, EmergencyBypassesSlot = bypass };
        configure?.Invoke(options);
        return new RolloutWorkflow(options, new FixedSlots(slotTaken), time ?? new FakeTimeProvider(Start));
    }

    /// <summary>A ticket already in <paramref name="state"/>, with a history that ends there.</summary>
    public static Ticket TicketIn(
        RolloutWorkflow workflow,
        RolloutProgress state,
        bool emergency = false,
        bool reports = true,
        FailedTransition? failed = null)
    {
        var ticket = workflow.CreateTicket(42, MajorRelease.Parse("umd-4"), "provider");
        ticket.EmergencyRelease = emergency;
        if (reports)
        {
            ticket.VerificationReport = new Uri("https://wiki.example.org/qc/42");
            ticket.StageRolloutReport = new Uri("https://wiki.example.org/sr/42");
        }

        if (state != RolloutProgress.Submitted)
        {
            ticket.RolloutProgress = state;
            ticket.History = ticket.History.Append(new(state, Start, "setup"));
            ticket.Status = state.IsTerminal() ? TicketStatus.Resolved : TicketStatus.Open;
        }

        if (state == RolloutProgress.Failed)
        {
            ticket.LastFailedTransition = failed ?? new FailedTransition(RolloutProgress.InVerification, RolloutProgress.StageRollout, "rsync failed");
        }

        return ticket;
    }
}
