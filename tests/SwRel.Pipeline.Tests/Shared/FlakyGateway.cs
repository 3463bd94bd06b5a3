using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Pipeline.Tests;

/// <summary>A ticket gateway that can be down for writes, slow like a remote system, or crash the processor right after Failed was set or right after a comment was stored.</summary>
internal sealed class FlakyGateway(ITicketGateway inner) : ITicketGateway
{
    public bool Down { get; set; }

    public bool CrashAfterFailedIsSet { get; set; }

    /// <summary>Gets or sets how many of the coming comments are stored and then fail as if the processor crashed before its next write.</summary>
    public int CrashAfterComments { get; set; }

    /// <summary>Gets or sets the only ticket whose comments <see cref="CrashAfterComments"/> counts; every ticket's when <see langword="null"/>.</summary>
    public int? CrashTicket { get; set; }

    /// <summary>Gets or sets a state whose setting is stored and then fails as if the processor crashed right after it.</summary>
    public RolloutProgress? CrashAfterSetTo { get; set; }

    /// <summary>Gets or sets whether every call first waits a moment, as a call to a remote ticket system does.</summary>
    public bool Slow { get; set; }

    public CancellationTokenSource Crash { get; } = new();

    /// <summary>Gets how many single tickets were read, each one a call to a remote ticket system.</summary>
    public int TicketReads => _ticketReads;

    private int _ticketReads;

    public async ValueTask<TicketSnapshot?> GetTicketAsync(int ticketId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _ticketReads);
        await LatencyAsync(cancellationToken);
        return await inner.GetTicketAsync(ticketId, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<TicketSnapshot>> FindTicketsAsync(string majorRelease, RolloutProgress state, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        return await inner.FindTicketsAsync(majorRelease, state, cancellationToken);
    }

    public ValueTask<Stream?> OpenAttachmentAsync(int ticketId, string name, CancellationToken cancellationToken) =>
        inner.OpenAttachmentAsync(ticketId, name, cancellationToken);

    public async ValueTask<bool> AddCommentAsync(int ticketId, string text, TicketWriteKey key, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        if (Down)
        {
            throw new HttpRequestException("the ticket system is down");
        }

        var added = await inner.AddCommentAsync(ticketId, text, key, cancellationToken);
        if (CrashAfterComments > 0 && (CrashTicket is null || CrashTicket == ticketId))
        {
            CrashAfterComments--;
            throw new IOException("the processor crashed right after the comment was stored");
        }

        return added;
    }

    public async ValueTask<bool> TrySetRolloutProgressAsync(
        int ticketId, RolloutProgress expected, RolloutProgress next, FailedTransition? failure, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        if (Down)
        {
            throw new HttpRequestException("the ticket system is down");
        }

        var set = await inner.TrySetRolloutProgressAsync(ticketId, expected, next, failure, cancellationToken);
        if (set && CrashAfterSetTo == next)
        {
            CrashAfterSetTo = null;
            throw new IOException($"the processor crashed right after setting {next}");
        }

        if (CrashAfterFailedIsSet && next == RolloutProgress.Failed)
        {
            await Crash.CancelAsync();
            Crash.Token.ThrowIfCancellationRequested();
        }

        return set;
    }

    public ValueTask SetRepositoryUrlAsync(int ticketId, string? repositoryUrl, CancellationToken cancellationToken) =>
        Down ? throw new HttpRequestException("the ticket system is down") : inner.SetRepositoryUrlAsync(ticketId, repositoryUrl, cancellationToken);

    private Task LatencyAsync(CancellationToken cancellationToken) => Slow ? Task.Delay(1, cancellationToken) : Task.CompletedTask;
}
