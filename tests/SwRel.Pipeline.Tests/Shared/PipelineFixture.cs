using SwRel.Domain.Tickets;
using Microsoft.Extensions.Options;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Testing;

namespace SwRel.Pipeline.Tests;

/// <summary>A queue, a ticket system and fake repository work wired to processors, with helpers that act as the ticket system's people.</summary>
internal sealed class PipelineFixture
{
    public PipelineFixture(IRequestQueue queue, ManualTimeProvider time, WorkflowOptions? workflow = null)
    {
        Queue = queue;
        Time = time;
        Gateway = new InMemoryTicketGateway(time);
        Workflow = workflow ?? new WorkflowOptions();
    }

    public IRequestQueue Queue { get; }

    public ManualTimeProvider Time { get; }

    public InMemoryTicketGateway Gateway { get; }

    public FakeRepositoryActions Actions { get; } = new();

    public WorkflowOptions Workflow { get; }

    public ProvisioningOptions Options { get; } = new()
    {
        RepositoryRoot = Path.Combine(Path.GetTempPath(), "swrel-unused-root"),
        RetryDelay = TimeSpan.FromMinutes(1),
        LeaseDuration = TimeSpan.FromMinutes(10),
    };

    public ProvisioningProcessor CreateProcessor(ITicketGateway? gateway = null, IRepositoryActions? actions = null) =>
        new(Queue, gateway ?? Gateway, actions ?? Actions, Microsoft.Extensions.Options.Options.Create(Options), Microsoft.Extensions.Options.Options.Create(Workflow), Time);

    public int NewTicket(string majorRelease = "umd-4", RolloutProgress state = RolloutProgress.Submitted, bool emergency = false)
    {
        var id = Gateway.CreateTicket(new Dictionary<string, string>
        {
            [TicketField.AssociatedMajorRelease.ToName()] = majorRelease,
            [TicketField.SyncProtocol.ToName()] = "file",
            [TicketField.SyncUrl.ToName()] = "file:///nowhere",
            [TicketField.EmergencyRelease.ToName()] = emergency ? "Yes" : "No",
        });
        if (state != RolloutProgress.Submitted)
        {
            Gateway.Move(id, state);
        }

        return id;
    }

    /// <summary>A person moves the ticket, and the ticket system posts the transition request with the ticket's EmergencyRelease, or with <paramref name="emergency"/> when given.</summary>
    public async Task<long> MoveAsync(int ticket, RolloutProgress to, bool? emergency = null)
    {
        var flag = emergency ?? (await Gateway.GetTicketAsync(ticket, default))!.EmergencyRelease;
        var from = Gateway.Move(ticket, to);
        return await Queue.EnqueueAsync(new ProvisioningRequest(ticket, from, to, flag), default);
    }

    public async Task<FailedTransition?> FailureAsync(int ticket) => (await Gateway.GetTicketAsync(ticket, default))!.LastFailedTransition;

    public async Task<RolloutProgress> StateAsync(int ticket) => (await Gateway.GetTicketAsync(ticket, default))!.RolloutProgress;
}
