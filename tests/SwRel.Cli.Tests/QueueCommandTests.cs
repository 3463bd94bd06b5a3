using System.Text.Json;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;

namespace SwRel.Cli.Tests;

public sealed class QueueCommandTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private readonly DataFolderFixture _data = new();

    public void Dispose() => _data.Dispose();

    private SqliteRequestQueue Queue() => new(new SqliteRequestQueueOptions { DatabasePath = Path.Combine(_data.Path, "queue.db") });

    private async Task<(long Waiting, long Dead)> FillAsync()
    {
        var queue = Queue();
        var dead = await queue.EnqueueAsync(new ProvisioningRequest(1, RolloutProgress.Submitted, RolloutProgress.Unverified, Emergency: false), default);
        var waiting = await queue.EnqueueAsync(new ProvisioningRequest(2, RolloutProgress.InVerification, RolloutProgress.StageRollout, Emergency: true), default);
        var lease = await queue.TryTakeAsync(Lease, default);
        await queue.DeadLetterAsync(lease!, "The ticket system could not be reached.", default);
        return (waiting, dead);
    }

    [Fact]
    public async Task The_listing_shows_each_requests_state_attempts_and_last_error()
    {
        var (waiting, dead) = await FillAsync();

        var text = _data.Run("queue", "list");
        var json = JsonDocument.Parse(_data.Run("queue", "list", "--format", "json").Output).RootElement;

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Matches(@"(?m)^1 +#1 +Submitted -> Unverified +dead-letter +1 +\S+ \S+ +The ticket system could not be reached\.$", text.Output);
        Assert.Matches(@"(?m)^2 +#2 +InVerification -> StageRollout \(emergency\) +waiting +0 ", text.Output);
        Assert.Equal(2, json.GetArrayLength());
        Assert.Equal(dead, json[0].GetProperty("id").GetInt64());
        Assert.Equal("dead-letter", json[0].GetProperty("state").GetString());
        Assert.Equal(1, json[0].GetProperty("attempts").GetInt32());
        Assert.Equal(waiting, json[1].GetProperty("id").GetInt64());
        Assert.Equal("waiting", json[1].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Retrying_a_dead_letter_lets_the_daemon_take_it_again()
    {
        var (_, dead) = await FillAsync();

        var run = _data.Run("queue", "retry", dead.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(QueuedRequestState.Waiting, (await Queue().ListAsync(default)).Single(r => r.RequestId == dead).State);
        Assert.Equal(dead, (await Queue().TryTakeAsync(Lease, default))!.RequestId);
    }

    [Fact]
    public async Task Dropping_a_request_removes_it_and_comments_on_its_ticket_in_the_store()
    {
        Assert.Equal(ExitCodes.Ok, _data.Run("ticket", "create", "--field", "AssociatedMajorRelease=umd-4").ExitCode);
        var (_, dead) = await FillAsync();

        var run = _data.Run("queue", "drop", dead.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("commented on ticket #1", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(await Queue().ListAsync(default), r => r.RequestId == dead);
        var comment = Assert.Single(await new SqliteTicketStore(Path.Combine(_data.Path, "tickets.db")).GetCommentsAsync(1, default));
        Assert.Equal("Repo", comment.Author);
        Assert.Contains("An operator dropped the repository's request for Submitted -> Unverified", comment.Text, StringComparison.Ordinal);
        Assert.Contains("The ticket system could not be reached.", comment.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drop_without_a_ticket_store_says_the_ticket_was_not_told()
    {
        var (waiting, _) = await FillAsync();

        var run = _data.Run("queue", "drop", waiting.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("The ticket was not told: there is no ticket store at", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_is_held_or_gone_cannot_be_retried_or_dropped_and_says_why()
    {
        var queue = Queue();
        var held = await queue.EnqueueAsync(new ProvisioningRequest(3, RolloutProgress.Submitted, RolloutProgress.Unverified, Emergency: false), default);
        await queue.TryTakeAsync(Lease, default);

        var busy = _data.Run("queue", "drop", held.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var gone = _data.Run("queue", "retry", "99");

        Assert.Equal(ExitCodes.Invalid, busy.ExitCode);
        Assert.Contains($"request {held} is being processed now", busy.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Invalid, gone.ExitCode);
        Assert.Contains("there is no request 99 in the queue", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_queue_in_the_data_folder_the_command_names_the_file_it_looked_for()
    {
        var run = _data.Run("queue", "list");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"there is no request queue at {Path.Combine(_data.Path, "queue.db")}", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "queue.db")));
    }
}
