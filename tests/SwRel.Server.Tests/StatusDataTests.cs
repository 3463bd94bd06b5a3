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

// What the status page and /api/slots show of the slots and the metrics, and what it costs the ticket system to say so:
// the page refreshes itself every few seconds.
public sealed class StatusDataTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryTicketGateway _tickets;
    private readonly InMemoryRequestQueue _queue = new();
    private readonly InMemoryReleaseCatalogue _catalogue = new();

    public StatusDataTests() => _tickets = new InMemoryTicketGateway(_time);

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

    [Fact]
    public async Task The_metrics_read_a_ticket_in_a_terminal_state_again_only_until_it_has_settled()
    {
        var done = Ticket("umd-4", RolloutProgress.Production);
        var open = Ticket("umd-4", RolloutProgress.StageRollout);
        var queued = Ticket("umd-5", RolloutProgress.Rejected);
        await CatalogueAsync(done, "umd-4");
        await CatalogueAsync(open, "umd-4");
        await _queue.EnqueueAsync(new ProvisioningRequest(queued, RolloutProgress.InVerification, RolloutProgress.Rejected, Emergency: false), default);
        var gateway = new FlakyGateway(_tickets);
        var status = Status(gateway);

        // Just entered, Production may still turn Failed if its action fails: read on every view.
        var first = await status.MetricsAsync(default);
        Assert.Equal(3, gateway.TicketReads);

        // An hour on, with no request of it queued, it is read one last time and then kept.
        _time.Advance(StatusData.SettleTime);
        await status.MetricsAsync(default);
        Assert.Equal(6, gateway.TicketReads);
        var later = await status.MetricsAsync(default);
        Assert.Equal(8, gateway.TicketReads);

        Assert.Equal(Summary(first), Summary(later));
        Assert.Contains(later.Releases, r => r.Ticket == done.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Summary(SwRel.Domain.Metrics.ReleaseMetricsReport report) =>
        string.Join("|", report.Releases) + "/" + string.Join("|", report.Months);

    private StatusData Status(ITicketGateway gateway) =>
        new(_queue, _catalogue, gateway, new RecentOutcomes(Options.Create(new SwRelServerOptions())), _time);

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
