using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Tests;

/// <summary>The processor calls the ticket system's hooks: a review before it acts, and a notice after it finished.</summary>
public sealed class ProvisioningProcessorHooksTests
{
    private readonly PipelineFixture _f;

    public ProvisioningProcessorHooksTests()
    {
        var time = new ManualTimeProvider();
        _f = new PipelineFixture(new InMemoryRequestQueue(time), time);
    }

    [Fact]
    public async Task A_change_the_review_sets_back_is_not_acted_on_and_the_request_leaves_the_queue()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        var hooks = new RecordingHooks("the user may not make that move.");

        var report = await Processor(hooks).ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Skipped, report!.Outcome);
        Assert.Contains("the user may not make that move.", report.Message, StringComparison.Ordinal);
        Assert.Empty(_f.Actions.Runs);
        Assert.Empty(report.Transitions);
        Assert.Empty(await _f.Queue.ListAsync(default));
        Assert.Equal([ticket], hooks.Reviewed);
    }

    [Fact]
    public async Task A_change_the_review_lets_stand_is_carried_out_and_then_reported_as_processed()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        var hooks = new RecordingHooks(refusal: null);

        var report = await Processor(hooks).ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, report!.Outcome);
        Assert.Equal([(ticket, RolloutProgress.Submitted, RolloutProgress.Unverified)], _f.Actions.Runs);
        Assert.Equal([new ProvisioningRequest(ticket, RolloutProgress.Submitted, RolloutProgress.Unverified, false)], hooks.Processed);
    }

    [Fact]
    public async Task A_hook_that_fails_keeps_the_request_queued_for_a_retry()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);

        var report = await Processor(new RecordingHooks(refusal: null, failProcessed: true)).ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Retrying, report!.Outcome);
        Assert.Single(await _f.Queue.ListAsync(default));
    }

    private ProvisioningProcessor Processor(ITicketChangeHooks hooks) =>
        new(_f.Queue, _f.Gateway, _f.Actions, Options.Create(_f.Options), Options.Create(_f.Workflow), _f.Time, hooks);

    private sealed class RecordingHooks(string? refusal, bool failProcessed = false) : ITicketChangeHooks
    {
        public List<int> Reviewed { get; } = [];

        public List<ProvisioningRequest> Processed { get; } = [];

        public ValueTask<string?> ReviewAsync(ProvisioningRequest request, TicketSnapshot ticket, CancellationToken cancellationToken)
        {
            Reviewed.Add(ticket.Id);
            return ValueTask.FromResult(refusal);
        }

        public ValueTask ProcessedAsync(ProvisioningRequest request, CancellationToken cancellationToken)
        {
            if (failProcessed)
            {
                throw new HttpRequestException("The ticket system did not answer.");
            }

            Processed.Add(request);
            return ValueTask.CompletedTask;
        }
    }
}
