using System.Collections.Concurrent;
using System.Globalization;
using SwRel.Domain.Metrics;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Repository.Layout;
using SwRel.Server.Processing;

namespace SwRel.Server.Status;

/// <summary>Gathers what the status page and the JSON read endpoints show.</summary>
internal sealed class StatusData
{
    private readonly IRequestQueue _queue;
    private readonly IReleaseCatalogue _catalogue;
    private readonly ITicketGateway _gateway;
    private readonly RecentOutcomes _recent;
    private readonly TimeProvider _time;

    // The histories of tickets that will not change again, read once: the page asks for the metrics on every refresh.
    private readonly ConcurrentDictionary<int, TicketHistory> _settled = new();

    /// <summary>Creates the reader.</summary>
    public StatusData(IRequestQueue queue, IReleaseCatalogue catalogue, ITicketGateway gateway, RecentOutcomes recent, TimeProvider time)
    {
        _queue = queue;
        _catalogue = catalogue;
        _gateway = gateway;
        _recent = recent;
        _time = time;
    }

    /// <summary>
    /// How long a ticket stays in a terminal state, with no request of it queued, before its history is taken as settled.
    /// The repository may still report that the action for entering the state failed (which moves the ticket to Failed)
    /// until its request is processed, and the request can reach the queue a moment after the move.
    /// </summary>
    internal static TimeSpan SettleTime { get; } = TimeSpan.FromHours(1);

    /// <summary>The queue and the recent outcomes.</summary>
    public async Task<RequestsView> RequestsAsync(CancellationToken cancellationToken)
    {
        var queued = await _queue.ListAsync(cancellationToken).ConfigureAwait(false);
        var views = queued.Select(q => new QueuedRequestView(
            q.RequestId,
            q.Request.TicketId,
            $"{q.Request.Previous.ToName()} -> {q.Request.Current.ToName()}",
            q.Request.Emergency,
            q.State.ToString(),
            q.Attempts,
            q.EnqueuedAtUtc,
            q.LastError)).ToList();
        return new RequestsView(views, _recent.Snapshot());
    }

    /// <summary>The catalogue's releases, filtered.</summary>
    public async Task<IReadOnlyList<ReleaseView>> ReleasesAsync(string? search, RepositoryArea? area, string? majorRelease, CancellationToken cancellationToken)
    {
        var entries = await _catalogue.ListAsync(new ReleaseCatalogueQuery { Search = search, Area = area, MajorRelease = majorRelease }, cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => new ReleaseView(e.Product, e.Version, e.MajorRelease, e.Area.ToString(), e.Path, e.TicketId, e.ChecksumsVerified, e.RecordedAtUtc))];
    }

    /// <summary>The stage-rollout slot of every major release the catalogue or the queue knows, with its Deferred line.</summary>
    /// <remarks>The ticket system is asked once per major release and state; a ticket system that cannot be reached makes this throw.</remarks>
    public async Task<IReadOnlyList<SlotView>> SlotsAsync(CancellationToken cancellationToken)
    {
        var majors = new SortedSet<string>(StringComparer.Ordinal);
        var catalogued = new HashSet<int>();
        foreach (var entry in await _catalogue.ListAsync(new ReleaseCatalogueQuery(), cancellationToken).ConfigureAwait(false))
        {
            majors.Add(entry.MajorRelease);
            if (entry.TicketId is { } id)
            {
                catalogued.Add(id);
            }
        }

        // A ticket in a slot's line has been through its intake, so the catalogue knows its major release, unless the
        // release came before the catalogue. Only such tickets, with a request that moves them into or out of a slot, are
        // read, each once: a backlog of intakes would otherwise cost the ticket system one read per request on every view.
        var read = new HashSet<int>();
        foreach (var queued in await _queue.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var request = queued.Request;
            if ((!TouchesSlot(request.Previous) && !TouchesSlot(request.Current)) || catalogued.Contains(request.TicketId) || !read.Add(request.TicketId))
            {
                continue;
            }

            if (await _gateway.GetTicketAsync(request.TicketId, cancellationToken).ConfigureAwait(false) is { } ticket
                && ticket.AssociatedMajorRelease is { } major)
            {
                majors.Add(major.Name);
            }
        }

        var slots = new List<SlotView>();
        foreach (var major in majors)
        {
            // StageRolloutSlot decides who holds the slot and the order of the waiting line, as for the processor.
            var tickets = await _gateway.ReadStageRolloutSlotAsync(major, cancellationToken).ConfigureAwait(false);

            var holders = tickets.Where(StageRolloutSlot.Holds).ToList();
            slots.Add(new SlotView(
                major,
                holders.Count > 0 ? holders.Min(t => t.Id) : null,
                [.. StageRolloutSlot.WaitingLine(tickets).Select(t => t.Id)]));
        }

        return slots;
    }

    /// <summary>The release metrics over the histories of every ticket the catalogue, the queue or the recent outcomes name.</summary>
    /// <remarks>
    /// The ticket system is asked once per ticket, except for a ticket settled in a terminal state (see
    /// <see cref="SettleTime"/>), whose history is kept from an earlier call; a ticket it no longer knows is left out, and
    /// a ticket system that cannot be reached makes this throw. No early-adopter reports are known here, so the report-based metrics stay empty.
    /// </remarks>
    public async Task<ReleaseMetricsReport> MetricsAsync(CancellationToken cancellationToken)
    {
        var tickets = new SortedSet<int>();
        foreach (var entry in await _catalogue.ListAsync(new ReleaseCatalogueQuery(), cancellationToken).ConfigureAwait(false))
        {
            if (entry.TicketId is { } id)
            {
                tickets.Add(id);
            }
        }

        var queuedTickets = new HashSet<int>();
        foreach (var queued in await _queue.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            tickets.Add(queued.Request.TicketId);
            queuedTickets.Add(queued.Request.TicketId);
        }

        foreach (var outcome in _recent.Snapshot())
        {
            tickets.Add(outcome.TicketId);
        }

        var histories = new List<TicketHistory>();
        var now = _time.GetUtcNow();
        foreach (var id in tickets)
        {
            if (_settled.TryGetValue(id, out var settled))
            {
                histories.Add(settled);
                continue;
            }

            if (await _gateway.GetTicketAsync(id, cancellationToken).ConfigureAwait(false) is { History.Count: > 0 } ticket)
            {
                var history = new TicketHistory(id.ToString(CultureInfo.InvariantCulture), ticket.History.Entries);
                histories.Add(history);
                if (ticket.RolloutProgress.IsTerminal() && !queuedTickets.Contains(id) && now - ticket.RolloutProgressSinceUtc >= SettleTime)
                {
                    _settled.TryAdd(id, history);
                }
            }
        }

        return ReleaseMetricsCalculator.Compute(histories, []);
    }

    private static bool TouchesSlot(RolloutProgress state) => state is RolloutProgress.StageRollout or RolloutProgress.Deferred;
}
