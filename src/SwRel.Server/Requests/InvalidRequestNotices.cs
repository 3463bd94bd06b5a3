using System.Threading.Channels;

namespace SwRel.Server.Requests;

/// <summary>
/// Invalid requests that name a ticket, waiting for the processor to comment on that ticket
/// (the API also tells the ticket system what was wrong, not only the caller).
/// </summary>
/// <remarks>Bounded: when the processor falls far behind, the oldest notices are dropped rather than memory filled; the caller got the messages in the answer anyway.</remarks>
internal sealed class InvalidRequestNotices
{
    private readonly Channel<InvalidRequestNotice> _channel = Channel.CreateBounded<InvalidRequestNotice>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Records an invalid request for a ticket.</summary>
    public void Add(InvalidRequestNotice notice) => _channel.Writer.TryWrite(notice);

    /// <summary>Takes the next notice, if one is waiting.</summary>
    public bool TryTake(out InvalidRequestNotice notice) => _channel.Reader.TryRead(out notice!);
}
