using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Testing;

namespace SwRel.Pipeline.Tests;

public sealed class InMemoryTicketGatewayTests
{
    // The ITicketGateway contract: a ticket's last failed transition is kept after it leaves Failed, until the next failure.
    [Fact]
    public async Task The_in_memory_gateway_keeps_a_tickets_last_failed_transition_until_the_next_failure()
    {
        var gateway = new InMemoryTicketGateway(new ManualTimeProvider());
        var ticket = gateway.CreateTicket(new Dictionary<string, string>());
        gateway.Move(ticket, RolloutProgress.InVerification);
        var first = new FailedTransition(RolloutProgress.InVerification, RolloutProgress.StageRollout, "fetch failed.");
        Assert.True(await gateway.TrySetRolloutProgressAsync(ticket, RolloutProgress.InVerification, RolloutProgress.Failed, first, default));

        gateway.Move(ticket, RolloutProgress.StageRollout);
        Assert.Equal(first, (await gateway.GetTicketAsync(ticket, default))!.LastFailedTransition);
        Assert.True(await gateway.TrySetRolloutProgressAsync(ticket, RolloutProgress.StageRollout, RolloutProgress.Deferred, null, default));
        Assert.Equal(first, (await gateway.GetTicketAsync(ticket, default))!.LastFailedTransition);

        var second = new FailedTransition(RolloutProgress.Deferred, RolloutProgress.StageRollout, "checksum mismatch.");
        Assert.True(await gateway.TrySetRolloutProgressAsync(ticket, RolloutProgress.Deferred, RolloutProgress.Failed, second, default));
        Assert.Equal(second, (await gateway.GetTicketAsync(ticket, default))!.LastFailedTransition);
    }

    // The ITicketGateway contract: a comment is stored at most once per ticket and key.
    [Fact]
    public async Task The_in_memory_gateway_stores_a_comment_once_per_ticket_and_key()
    {
        var gateway = new InMemoryTicketGateway(new ManualTimeProvider());
        var ticket = gateway.CreateTicket(new Dictionary<string, string>());
        var other = gateway.CreateTicket(new Dictionary<string, string>());
        var key = TicketWriteKey.Parse("request-7-1/failed");

        Assert.True(await gateway.AddCommentAsync(ticket, "first", key, default));
        Assert.False(await gateway.AddCommentAsync(ticket, "second", key, default));
        Assert.True(await gateway.AddCommentAsync(ticket, "third", TicketWriteKey.Parse("request-8-1/failed"), default));
        Assert.True(await gateway.AddCommentAsync(other, "fourth", key, default));

        Assert.Equal(["first", "third"], gateway.Comments(ticket));
        Assert.Equal(["fourth"], gateway.Comments(other));
    }
}
