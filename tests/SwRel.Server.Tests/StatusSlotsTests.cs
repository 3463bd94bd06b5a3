using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Tests;
using SwRel.Repository.Layout;
using SwRel.Server.Processing;
using SwRel.Server.Status;
using SwRel.Testing;

namespace SwRel.Server.Tests;

// The status page's and /api/slots' view of the stage-rollout slots: who holds each, who waits, and what it costs the
// ticket system to say so.
public sealed class StatusSlotsTests
{
    private readonly InMemoryTicketGateway _tickets = new();
    private readonly InMemoryRequestQueue _queue = new();
    private readonly InMemoryReleaseCatalogue _catalogue = new();

    [Fact]
    public async Task Each_slot_shows_its_holder_and_its_waiting_line_in_order()
    {
        var holder = Ticket("umd-4", RolloutProgress.StageRollout);
        var first = Ticket("umd-4", RolloutProgress.Deferred);
        var second = Ticket("umd-4", RolloutProgress.Deferred);
        var alone = Ticket("umd-5", RolloutProgress.StageRollout);
        foreach (var (ticket, major) in new[] { (holder, "umd-4"), (first, "umd-4"), (second, "umd-4"), (alone, "umd-5") })
        {
            await CatalogueAsync(ticket, major);
        }

        var slots = await Status(new FlakyGateway(_tickets)).SlotsAsync(default);

        Assert.Equal(
            [new SlotView("umd-4", holder, [first, second]), new SlotView("umd-5", alone, [])],
            slots,
            (a, b) => a.MajorRelease == b.MajorRelease && a.InStageRollout == b.InStageRollout && a.Deferred.SequenceEqual(b.Deferred));
    }

    [Fact]
    public async Task A_backlog_of_intakes_costs_the_ticket_system_no_read_and_a_ticket_the_catalogue_lacks_one()
    {
        for (var i = 0; i < 200; i++)
        {
            var waiting = Ticket("umd-4", RolloutProgress.Unverified);
            await _queue.EnqueueAsync(new ProvisioningRequest(waiting, RolloutProgress.Submitted, RolloutProgress.Unverified, Emergency: false), default);
        }

        // Released before the catalogue was kept: only the ticket says which major release it is of, and it is asked once.
        var uncatalogued = Ticket("umd-6", RolloutProgress.StageRollout);
        await _queue.EnqueueAsync(new ProvisioningRequest(uncatalogued, RolloutProgress.InVerification, RolloutProgress.StageRollout, Emergency: false), default);
        await _queue.EnqueueAsync(new ProvisioningRequest(uncatalogued, RolloutProgress.InVerification, RolloutProgress.StageRollout, Emergency: true), default);
        var gateway = new FlakyGateway(_tickets);

        var slots = await Status(gateway).SlotsAsync(default);

        Assert.Equal(1, gateway.TicketReads);
        var slot = Assert.Single(slots);
        Assert.Equal(("umd-6", uncatalogued), (slot.MajorRelease, slot.InStageRollout));
    }

    private StatusData Status(ITicketGateway gateway) =>
        new(_queue, _catalogue, gateway, new RecentOutcomes(Options.Create(new SwRelServerOptions())));

    private int Ticket(string major, RolloutProgress state)
    {
        var ticket = _tickets.CreateTicket(new Dictionary<string, string> { [TicketField.AssociatedMajorRelease.ToName()] = major });
        _tickets.Move(ticket, state);
        return ticket;
    }

    private ValueTask CatalogueAsync(int ticket, string major) =>
        _catalogue.RecordAsync(
            new ReleaseCatalogueEntry
            {
                Product = $"product-{ticket}",
                Version = "1.0.0",
                MajorRelease = major,
                Area = RepositoryArea.StageRollout,
                Path = $"sw/stagerollout/{major}/product-{ticket}",
                TicketId = ticket,
                RecordedAtUtc = DateTimeOffset.UnixEpoch,
            },
            default);
}
