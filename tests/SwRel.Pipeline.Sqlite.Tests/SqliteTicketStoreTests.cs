using Microsoft.Extensions.Options;
using SwRel.Domain.History;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;
using SwRel.Pipeline.Tests;
using SwRel.Repository.Execution;

namespace SwRel.Pipeline.Sqlite.Tests;

public sealed class SqliteTicketStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-tickets-").FullName;
    private readonly ManualTimeProvider _time = new();

    private string DatabasePath => Path.Combine(_folder, "tickets.db");

    public void Dispose()
    {
        SqliteDatabase.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteTicketStore Open() => new(DatabasePath, timeProvider: _time);

    private static async Task<int> CreateAsync(SqliteTicketStore store, string major = "umd-4")
    {
        var created = await store.CreateTicketAsync(
            new Dictionary<string, string>
            {
                ["AssociatedMajorRelease"] = major,
                ["SyncProtocol"] = "https",
                ["SyncURL"] = "https://provider.example/argus/1.7.3/",
            },
            "alice",
            default);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        return created.TicketId;
    }

    private static KeyValuePair<string, string>[] Set(string name, string value) => [new(name, value)];

    [Fact]
    public async Task A_created_ticket_is_Submitted_with_its_fields_and_first_history_entry_and_survives_reopening()
    {
        var id = await CreateAsync(Open());
        SqliteDatabase.ClearAllPools();

        var ticket = await Open().GetTicketAsync(id, default);
        var read = await Open().GetFieldsAsync(id, default);

        Assert.Equal(1, id);
        Assert.Equal(RolloutProgress.Submitted, ticket!.RolloutProgress);
        Assert.Equal(_time.GetUtcNow(), ticket.RolloutProgressSinceUtc);
        Assert.Equal("umd-4", FieldOf(read, TicketField.AssociatedMajorRelease.ToName()));
        Assert.Equal("https", FieldOf(read, TicketField.SyncProtocol.ToName()));
        Assert.Equal("https://provider.example/argus/1.7.3/", FieldOf(read, TicketField.SyncUrl.ToName()));
        Assert.Equal("No", FieldOf(read, TicketField.EmergencyRelease.ToName()));
        Assert.Equal("new", FieldOf(read, "Status"));
        var history = StateHistory.Parse(FieldOf(read, "StateHistory")!);
        Assert.Equal(new StateHistoryEntry(RolloutProgress.Submitted, _time.GetUtcNow(), "alice"), Assert.Single(history.Entries));
    }

    [Fact]
    public async Task A_ticket_without_a_major_release_is_refused_by_name()
    {
        var created = await Open().CreateTicketAsync(new Dictionary<string, string>(), "alice", default);

        Assert.Contains("AssociatedMajorRelease is required", Assert.Single(created.Errors), StringComparison.Ordinal);
    }

    // SPEC §3: "A write by the wrong actor fails with a message naming the field, the actor and who may write it".
    [Fact]
    public async Task A_write_by_the_wrong_actor_is_refused_naming_the_field_the_actor_and_who_may_write_it()
    {
        var store = Open();
        var id = await CreateAsync(store);

        var refused = await store.WriteAsync(id, Set("SyncURL", "https://elsewhere.example/"), TicketWriter.VerificationTeam, null, null, default);

        Assert.Equal("VerificationTeam may not write SyncURL; it is written by SoftwareProvider.", Assert.Single(refused.Errors));
        Assert.Equal("https://provider.example/argus/1.7.3/", FieldOf(await store.GetFieldsAsync(id, default), TicketField.SyncUrl.ToName()));
    }

    // SPEC §3: "SoftwareProvider fields are frozen once the ticket leaves Submitted".
    [Fact]
    public async Task Provider_fields_are_frozen_once_the_ticket_left_Submitted()
    {
        var store = Open();
        var id = await CreateAsync(store);
        var moved = await store.WriteAsync(id, Set("RolloutProgress", "Unverified"), TicketWriter.VerificationTeam, null, "bob", default);
        Assert.True(moved.Succeeded);

        var refused = await store.WriteAsync(id, Set("EmergencyRelease", "Yes"), TicketWriter.SoftwareProvider, null, null, default);

        Assert.Contains("EmergencyRelease is frozen", Assert.Single(refused.Errors), StringComparison.Ordinal);
    }

    // SPEC §2.1: the actor column decides who may ask for each move.
    [Fact]
    public async Task A_move_by_an_actor_the_table_does_not_name_is_refused_with_the_tables_reason()
    {
        var store = Open();
        var id = await CreateAsync(store);

        var refused = await store.WriteAsync(id, Set("RolloutProgress", "Unverified"), TicketWriter.StageRolloutTeam, null, null, default);
        var provider = await store.WriteAsync(id, Set("RolloutProgress", "Unverified"), TicketWriter.SoftwareProvider, null, null, default);

        Assert.Contains("not StageRolloutTeam", Assert.Single(refused.Errors), StringComparison.Ordinal);
        Assert.Contains("SoftwareProvider may not change RolloutProgress", Assert.Single(provider.Errors), StringComparison.Ordinal);
        Assert.Equal(RolloutProgress.Submitted, (await store.GetTicketAsync(id, default))!.RolloutProgress);
    }

    [Fact]
    public async Task An_allowed_move_is_recorded_in_the_history_and_returned_as_the_request_to_post()
    {
        var store = Open();
        var id = await CreateAsync(store);
        _time.Advance(TimeSpan.FromHours(2));

        var moved = await store.WriteAsync(id, Set("RolloutProgress", "Unverified"), TicketWriter.VerificationTeam, null, "bob", default);

        Assert.Equal(new ProvisioningRequest(id, RolloutProgress.Submitted, RolloutProgress.Unverified, Emergency: false), moved.Transition);
        var read = await store.GetTicketAsync(id, default);
        Assert.Equal(RolloutProgress.Unverified, read!.RolloutProgress);
        Assert.Equal(_time.GetUtcNow(), read.RolloutProgressSinceUtc);
        var history = read.History;
        Assert.Equal(new StateHistoryEntry(RolloutProgress.Unverified, _time.GetUtcNow(), "bob"), history.Current);
    }

    [Fact]
    public async Task A_write_with_one_refused_change_changes_nothing_and_reports_every_refusal()
    {
        var store = Open();
        var id = await CreateAsync(store);

        var refused = await store.WriteAsync(
            id,
            [new("ReleaseType", "Incremental"), new("Owner", "carol"), new("NoSuchField", "x"), new("StateHistory", "")],
            TicketWriter.SoftwareProvider,
            null,
            null,
            default);

        Assert.Equal(3, refused.Errors.Length);
        Assert.Contains("SoftwareProvider may not write Owner", refused.Errors[0], StringComparison.Ordinal);
        Assert.Contains("'NoSuchField' is not a ticket field", refused.Errors[1], StringComparison.Ordinal);
        Assert.Contains("StateHistory is kept by the ticket store", refused.Errors[2], StringComparison.Ordinal);
        Assert.Equal("NonIncremental", FieldOf(await store.GetFieldsAsync(id, default), TicketField.ReleaseType.ToName()));
    }

    [Fact]
    public async Task Release_xml_is_the_ReleaseMetadata_field_and_other_attachments_are_kept_as_they_are()
    {
        var store = Open();
        var id = await CreateAsync(store);

        Assert.True((await store.AttachAsync(id, "release.xml", "<release/>"u8.ToArray(), TicketWriter.SoftwareProvider, default)).Succeeded);
        Assert.True((await store.AttachAsync(id, "checksums.xml", "sums"u8.ToArray(), TicketWriter.SoftwareProvider, default)).Succeeded);
        var refused = await store.AttachAsync(id, "release.xml", "<other/>"u8.ToArray(), TicketWriter.VerificationTeam, default);

        Assert.Contains("VerificationTeam may not write ReleaseMetadata", Assert.Single(refused.Errors), StringComparison.Ordinal);
        Assert.Equal(["checksums.xml", "release.xml"], await store.GetAttachmentNamesAsync(id, default));
        Assert.Equal("release.xml", FieldOf(await store.GetFieldsAsync(id, default), "ReleaseMetadata"));
        using var reader = new StreamReader((await store.OpenAttachmentAsync(id, "release.xml", default))!);
        Assert.Equal("<release/>", await reader.ReadToEndAsync());
        Assert.Null(await store.OpenAttachmentAsync(id, "missing.xml", default));
    }

    // SPEC §4: CC groups are recomputed only once the repository answered OK for the change.
    [Fact]
    public async Task The_daemons_answer_is_stored_and_only_OK_recomputes_the_CC_groups()
    {
        var store = Open();
        var id = await CreateAsync(store);
        await store.WriteAsync(id, Set("RolloutProgress", "Unverified"), TicketWriter.VerificationTeam, null, null, default);

        Assert.True(await store.SetCommunicationStatusAsync(id, "the queue cannot be written", default));
        var refused = await store.GetFieldsAsync(id, default);
        Assert.Equal("the queue cannot be written", FieldOf(refused, "CommunicationStatus"));
        Assert.Null(FieldOf(refused, "CcGroups"));

        Assert.True(await store.SetCommunicationStatusAsync(id, "OK", default));
        var ok = await store.GetFieldsAsync(id, default);
        Assert.Equal("OK", FieldOf(ok, "CommunicationStatus"));
        Assert.Equal("sw-rel-qc", FieldOf(ok, "CcGroups"));
        Assert.False(await store.SetCommunicationStatusAsync(id + 1, "OK", default));
    }

    // The store is the pipeline's ticket system: the processor reads it and writes its outcome back.
    [Fact]
    public async Task The_pipeline_processes_a_ticket_of_the_store_and_the_last_failed_transition_outlives_Failed()
    {
        var store = Open();
        var id = await CreateAsync(store);
        var moved = await store.WriteAsync(id, Set("RolloutProgress", "Unverified"), TicketWriter.VerificationTeam, null, null, default);
        var queue = new InMemoryRequestQueue(_time);
        await queue.EnqueueAsync(moved.Transition!, default);
        var actions = new FakeRepositoryActions { FailWith = _ => new RepositoryActionException("checksum mismatch for a.rpm.") };
        var processor = new ProvisioningProcessor(
            queue,
            store,
            actions,
            Options.Create(new ProvisioningOptions { RepositoryRoot = _folder }),
            Options.Create(new WorkflowOptions()),
            _time);

        var report = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, report!.Outcome);
        var failed = await store.GetTicketAsync(id, default);
        Assert.Equal(RolloutProgress.Failed, failed!.RolloutProgress);
        Assert.Equal(new FailedTransition(RolloutProgress.Submitted, RolloutProgress.Unverified, failed.LastFailedTransition!.Message), failed.LastFailedTransition);
        Assert.Contains("checksum mismatch", Assert.Single(await store.GetCommentsAsync(id, default)).Text, StringComparison.Ordinal);
        Assert.Equal("Repo", failed.History.Current!.Value.Actor);

        var reverted = await store.WriteAsync(id, Set("RolloutProgress", "Submitted"), TicketWriter.Admin, null, "admin", default);

        Assert.True(reverted.Succeeded, string.Join("; ", reverted.Errors));
        Assert.Equal(failed.LastFailedTransition, (await store.GetTicketAsync(id, default))!.LastFailedTransition);
        Assert.Equal([id], (await store.FindTicketsAsync("UMD-4", RolloutProgress.Submitted, default)).Select(t => t.Id));
        Assert.Empty(await store.FindTicketsAsync("umd-5", RolloutProgress.Submitted, default));
    }

    // The ITicketGateway contract: the pipeline's comment is stored at most once per ticket and key, also by another
    // process opening the file later; people's comments have no key and are all kept.
    [Fact]
    public async Task A_comment_is_stored_once_per_ticket_and_key_across_reopening_while_peoples_comments_are_all_kept()
    {
        var store = Open();
        var ticket = await CreateAsync(store);
        var other = await CreateAsync(store);
        var key = TicketWriteKey.Parse("request-3-99/failed");

        Assert.True(await store.AddCommentAsync(ticket, "The repository could not carry out the move.", key, default));
        Assert.False(await Open().AddCommentAsync(ticket, "The same, written again after a crash.", key, default));
        Assert.True(await store.AddCommentAsync(other, "Another ticket's comment.", key, default));
        Assert.True(await store.AddCommentAsync(ticket, "Looks fine to me.", "alice", default));
        Assert.True(await store.AddCommentAsync(ticket, "Looks fine to me.", "alice", default));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.AddCommentAsync(999, "Nowhere.", key, default));

        var comments = await store.GetCommentsAsync(ticket, default);
        Assert.Equal(["The repository could not carry out the move.", "Looks fine to me.", "Looks fine to me."], comments.Select(c => c.Text));
        Assert.Equal("Repo", comments[0].Author);
    }

    [Fact]
    public async Task A_ticket_database_made_before_comments_had_keys_is_upgraded_on_first_use()
    {
        var ticket = await CreateAsync(Open());
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP INDEX swrel_ticket_comments_key; ALTER TABLE swrel_ticket_comments DROP COLUMN write_key;";
            await command.ExecuteNonQueryAsync();
        }

        SqliteDatabase.ClearAllPools();
        var upgraded = Open();
        var key = TicketWriteKey.Parse("request-1-1/carried-out");

        Assert.True(await upgraded.AddCommentAsync(ticket, "Carried out.", key, default));
        Assert.False(await upgraded.AddCommentAsync(ticket, "Carried out.", key, default));
        Assert.Single(await upgraded.GetCommentsAsync(ticket, default));
    }

    private static string? FieldOf(IReadOnlyDictionary<string, string>? fields, string name) =>
        fields is not null && fields.TryGetValue(name, out var value) ? value : null;
}
