using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Testing;

namespace SwRel.Pipeline.Tests;

/// <summary>Two processors on one queue, run against each queue implementation.</summary>
public abstract class PipelineConcurrencyContract
{
    // Many major releases with a few tickets each: every major release is one more chance for the
    // processors to race for its last free slot.
    private static readonly string[] Majors = [.. Enumerable.Range(1, 10).Select(n => $"umd-{n}"), "cmd-os-1", "ca-1"];

    private const int TicketsPerMajor = 3;

    private protected ManualTimeProvider Time { get; } = new();

    private protected abstract IRequestQueue CreateQueue();

    // SPEC §2.1: at most one ticket per AssociatedMajorRelease is in StageRollout at a time;
    // SPEC §12: two processors never process one request twice at once.
    [Fact]
    public async Task Two_processors_never_overlap_on_a_request_nor_fill_one_slot_twice()
    {
        var f = new PipelineFixture(CreateQueue(), Time);
        f.Actions.Slow = true;
        var tickets = new List<int>();
        var majorOf = new Dictionary<int, string>();
        for (var i = 0; i < Majors.Length * TicketsPerMajor; i++)
        {
            // Neighbours in the queue share a major release, so that the two processors compete for one slot.
            var major = Majors[i / TicketsPerMajor];
            var ticket = f.NewTicket(major, RolloutProgress.InVerification);
            tickets.Add(ticket);
            majorOf[ticket] = major;
        }

        foreach (var ticket in tickets)
        {
            await f.MoveAsync(ticket, RolloutProgress.StageRollout);
        }

        await RunTwoAsync(f);
        foreach (var major in Majors)
        {
            Assert.Single(await f.Gateway.FindTicketsAsync(major, RolloutProgress.StageRollout, default));
        }

        // Then the stage-rollout team promotes whoever holds each slot, round after round, until all are in Production.
        for (var round = 0; round < TicketsPerMajor; round++)
        {
            foreach (var major in Majors)
            {
                foreach (var holder in await f.Gateway.FindTicketsAsync(major, RolloutProgress.StageRollout, default))
                {
                    await f.MoveAsync(holder.Id, RolloutProgress.Production);
                }
            }

            await RunTwoAsync(f);
        }

        Assert.Equal(0, f.Actions.OverlapCount);
        Assert.Empty(await f.Queue.ListAsync(default));
        foreach (var ticket in tickets)
        {
            Assert.Equal(RolloutProgress.Production, await f.StateAsync(ticket));
        }

        AssertSlotNeverFilledTwiceByTheRepository(f.Gateway.Changes, majorOf);
    }

    // SPEC §2.1 rows 11 and 12: of two releases entering one free slot at once, one goes in and one is Deferred.
    [Fact]
    public async Task Two_processors_deciding_one_slot_at_the_same_moment_let_exactly_one_release_in()
    {
        var f = new PipelineFixture(CreateQueue(), Time);
        var first = f.NewTicket("umd-4", RolloutProgress.InVerification);
        var second = f.NewTicket("umd-4", RolloutProgress.InVerification);
        await f.MoveAsync(first, RolloutProgress.StageRollout);
        await f.MoveAsync(second, RolloutProgress.StageRollout);
        var rendezvous = new RendezvousGateway(f.Gateway);

        await Task.WhenAll(
            Task.Run(async () => await f.CreateProcessor(gateway: rendezvous).ProcessNextAsync(default)),
            Task.Run(async () => await f.CreateProcessor(gateway: rendezvous).ProcessNextAsync(default)));

        var states = new[] { await f.StateAsync(first), await f.StateAsync(second) };
        Assert.Single(states, RolloutProgress.StageRollout);
        Assert.Single(states, RolloutProgress.Deferred);
        Assert.Empty(await f.Queue.ListAsync(default));
    }

    private static async Task RunTwoAsync(PipelineFixture f)
    {
        var remote = new FlakyGateway(f.Gateway) { Slow = true };
        var first = f.CreateProcessor(gateway: remote);
        var second = f.CreateProcessor(gateway: remote);
        await Task.WhenAll(Task.Run(() => first.DrainAsync(default)), Task.Run(() => second.DrainAsync(default)));
    }

    private static void AssertSlotNeverFilledTwiceByTheRepository(IReadOnlyList<TicketChange> changes, Dictionary<int, string> majorOf)
    {
        // People move tickets into StageRollout before the repository looks; the repository must
        // bring each major release down to one holder and only move a Deferred ticket into a free slot.
        var inSlot = new Dictionary<string, HashSet<int>>();
        foreach (var change in changes)
        {
            var major = majorOf[change.TicketId];
            var holders = inSlot.TryGetValue(major, out var set) ? set : inSlot[major] = [];
            if (change.From == RolloutProgress.StageRollout)
            {
                holders.Remove(change.TicketId);
            }

            if (change.To == RolloutProgress.StageRollout)
            {
                if (change.ByRepository)
                {
                    Assert.True(holders.Count == 0, $"the repository moved ticket #{change.TicketId} into the taken slot of {major} (holders {string.Join(",", holders)})");
                }

                holders.Add(change.TicketId);
            }
        }

        Assert.All(inSlot.Values, h => Assert.Empty(h));
    }
}
