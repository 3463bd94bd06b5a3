using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;
using SwRel.Pipeline.Tests;

namespace SwRel.Pipeline.Sqlite.Tests;

public sealed class SqliteInvalidRequestNoticeStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-notices-").FullName;
    private readonly ManualTimeProvider _time = new();

    public void Dispose()
    {
        SqliteDatabase.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteRequestQueueOptions Options => new() { DatabasePath = Path.Combine(_folder, "queue.db") };

    // A notice must outlive a crash of the daemon that received the invalid request, until its ticket has the comment.
    [Fact]
    public async Task A_notice_is_kept_in_the_queues_file_until_removed_and_reads_back_the_same_after_reopening()
    {
        var store = new SqliteInvalidRequestNoticeStore(Options, _time);
        var first = await store.AddAsync(7, ["Current_Rollout_Progress 'Shipped' is not a RolloutProgress state.", "Line one\nline two, \"quoted\"."], default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await store.AddAsync(8, ["Ticket_Id is missing."], default);

        SqliteDatabase.ClearAllPools();
        var reopened = new SqliteInvalidRequestNoticeStore(Options, _time);
        Assert.Equal([first, second], await reopened.ListAsync(10, default), NoticeComparer.Instance);
        Assert.Equal(first.CommentKey, (await reopened.ListAsync(1, default))[0].CommentKey);

        Assert.True(await reopened.RemoveAsync(first.NoticeId, default));
        Assert.False(await reopened.RemoveAsync(first.NoticeId, default));
        Assert.Equal([second.NoticeId], (await store.ListAsync(10, default)).Select(n => n.NoticeId));
    }

    [Fact]
    public async Task The_notices_share_the_file_with_the_request_queue()
    {
        var queue = new SqliteRequestQueue(Options, _time);
        await queue.EnqueueAsync(new ProvisioningRequest(1, Domain.Workflow.RolloutProgress.Submitted, Domain.Workflow.RolloutProgress.Unverified, false), default);
        var notices = new SqliteInvalidRequestNoticeStore(Options, _time);

        await notices.AddAsync(1, ["Emergency_Release 'Maybe' is neither Yes nor No."], default);

        Assert.Single(await queue.ListAsync(default));
        Assert.Single(await notices.ListAsync(10, default));
    }

    private sealed class NoticeComparer : IEqualityComparer<InvalidRequestNotice>
    {
        public static readonly NoticeComparer Instance = new();

        public bool Equals(InvalidRequestNotice? x, InvalidRequestNotice? y) =>
            x is not null && y is not null && x.NoticeId == y.NoticeId && x.TicketId == y.TicketId
            && x.ReceivedAtUtc == y.ReceivedAtUtc && x.Errors.SequenceEqual(y.Errors);

        public int GetHashCode(InvalidRequestNotice obj) => obj.NoticeId.GetHashCode();
    }
}
