using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests;

/// <summary>The gateway's reads and writes, field by field, against the assembly's real RT.</summary>
[Collection(RtCollection.Name)]
public sealed class RtTicketGatewayTests(RtFixture rt)
{
    private static readonly Dictionary<string, string> ProviderFields = new()
    {
        ["SyncProtocol"] = "rsync",
        ["SyncURL"] = "rsync://127.0.0.1/provider/umd-4.1.0",
        ["AssociatedMajorRelease"] = "umd-4",
        ["ReleaseType"] = "Incremental",
        ["EmergencyRelease"] = "No",
    };

    // SPEC §3 and §14: the gateway reads the §3 fields from custom fields of the same names; a missing RolloutProgress is Submitted.
    [Fact]
    public async Task Reads_each_provider_field_from_the_custom_field_of_the_same_name_and_a_new_ticket_as_Submitted()
    {
        var id = await CreateAsync();
        await using var services = rt.Services();

        var ticket = await Gateway(services).GetTicketAsync(id, CancellationToken.None);

        Assert.NotNull(ticket);
        Assert.Equal(RolloutProgress.Submitted, ticket.RolloutProgress);
        Assert.Empty(ticket.Problems);
        Assert.Equal(SyncProtocol.Rsync, ticket.SyncProtocol);
        Assert.Equal(ProviderFields["SyncURL"], ticket.SyncUrl);
        Assert.Equal("umd-4", ticket.AssociatedMajorRelease?.Name);
        Assert.Equal(ReleaseType.Incremental, ticket.ReleaseType);
        Assert.False(ticket.EmergencyRelease);
        Assert.Null(ticket.RepositoryUrl);
        Assert.Null(ticket.LastFailedTransition);
    }

    [Fact]
    public async Task A_ticket_that_does_not_exist_reads_as_null()
    {
        await using var services = rt.Services();

        Assert.Null(await Gateway(services).GetTicketAsync(999_999, CancellationToken.None));
    }

    // SPEC §3: ReleaseMetadata is release.xml and ReleaseChecksums the manifest, both uploaded by the provider.
    [Fact]
    public async Task Opens_release_xml_and_the_manifest_from_the_ReleaseMetadata_and_ReleaseChecksums_uploads()
    {
        var releaseXml = Encoding.UTF8.GetBytes("<Release><Name>test</Name></Release>\n");
        var manifest = Encoding.UTF8.GetBytes("<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\"/>\n");
        var id = await CreateAsync(new Dictionary<string, byte[]> { ["ReleaseMetadata"] = releaseXml, ["ReleaseChecksums"] = manifest });
        var without = await CreateAsync();
        await using var services = rt.Services();
        var gateway = Gateway(services);

        Assert.Equal(releaseXml, await ReadAllAsync(await gateway.OpenAttachmentAsync(id, "release.xml", CancellationToken.None)));
        Assert.Equal(manifest, await ReadAllAsync(await gateway.OpenAttachmentAsync(id, "checksums.xml", CancellationToken.None)));
        Assert.Null(await gateway.OpenAttachmentAsync(without, "release.xml", CancellationToken.None));
        Assert.Null(await gateway.OpenAttachmentAsync(999_999, "release.xml", CancellationToken.None));
    }

    // SPEC §5: every state entry is recorded with its UTC time and actor, as CSV in StateHistory.
    [Fact]
    public async Task Sets_RolloutProgress_only_from_the_expected_state_and_records_the_entry_in_StateHistory()
    {
        var id = await CreateAsync();
        await using var services = rt.Services();
        var gateway = Gateway(services);

        Assert.False(await gateway.TrySetRolloutProgressAsync(id, RolloutProgress.InVerification, RolloutProgress.Deferred, null, CancellationToken.None));
        Assert.True(await gateway.TrySetRolloutProgressAsync(id, RolloutProgress.Submitted, RolloutProgress.Unverified, null, CancellationToken.None));

        var ticket = await gateway.GetTicketAsync(id, CancellationToken.None);
        Assert.Equal(RolloutProgress.Unverified, ticket!.RolloutProgress);
        var history = await RtPeople.FieldAsync(rt.Client(RtFixture.Daemon), id, "StateHistory");
        Assert.StartsWith("state,entered_at_utc,actor", history, StringComparison.Ordinal);
        Assert.Contains("Unverified,", history, StringComparison.Ordinal);
        Assert.Contains(",Repo", history, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - ticket.RolloutProgressSinceUtc < TimeSpan.FromMinutes(5));
    }

    // The gateway rule: the last failed transition is kept after the ticket leaves Failed, until the next failure replaces it.
    [Fact]
    public async Task Keeps_the_last_failed_transition_after_a_person_moves_the_ticket_out_of_Failed()
    {
        var id = await CreateAsync();
        await using var services = rt.Services();
        var gateway = Gateway(services);
        var failure = new FailedTransition(RolloutProgress.Submitted, RolloutProgress.Unverified, "rsync exited with 23, from rsync://127.0.0.1/provider");

        Assert.True(await gateway.TrySetRolloutProgressAsync(id, RolloutProgress.Submitted, RolloutProgress.Failed, failure, CancellationToken.None));
        Assert.Equal(failure, (await gateway.GetTicketAsync(id, CancellationToken.None))!.LastFailedTransition);

        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.AdminMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Unverified" });

        var ticket = await gateway.GetTicketAsync(id, CancellationToken.None);
        Assert.Equal(RolloutProgress.Unverified, ticket!.RolloutProgress);
        Assert.Equal(failure, ticket.LastFailedTransition);
    }

    [Fact]
    public async Task Sets_and_clears_RepositoryURL()
    {
        var id = await CreateAsync();
        await using var services = rt.Services();
        var gateway = Gateway(services);

        await gateway.SetRepositoryUrlAsync(id, "umd/4/sl6/x86_64/updates", CancellationToken.None);
        Assert.Equal("umd/4/sl6/x86_64/updates", (await gateway.GetTicketAsync(id, CancellationToken.None))!.RepositoryUrl);

        await gateway.SetRepositoryUrlAsync(id, null, CancellationToken.None);
        Assert.Null((await gateway.GetTicketAsync(id, CancellationToken.None))!.RepositoryUrl);
    }

    [Fact]
    public async Task Adds_a_comment_that_RT_shows_on_the_ticket()
    {
        var id = await CreateAsync();
        await using var services = rt.Services();

        await Gateway(services).AddCommentAsync(id, "The release is in unverified/umd-4.", TicketWriteKey.Parse("test/adds"), CancellationToken.None);

        Assert.Contains(await RtPeople.CommentsAsync(rt.Client(RtFixture.AdminMember), id), c => c.Contains("The release is in unverified/umd-4.", StringComparison.Ordinal));
    }

    // The ITicketGateway contract: a comment is stored at most once per ticket and key, so that a request processed
    // again after a crash does not comment twice. RT keeps the key as the comment's subject.
    [Fact]
    public async Task Adds_a_comment_once_per_ticket_and_key_keeping_the_key_as_the_comments_subject()
    {
        var id = await CreateAsync();
        var other = await CreateAsync();
        await using var services = rt.Services();
        var gateway = Gateway(services);
        var key = TicketWriteKey.Parse($"request-{id}-638700000000000000/failed");

        Assert.True(await gateway.AddCommentAsync(id, "The repository could not carry out Submitted -> Unverified.", key, CancellationToken.None));
        Assert.False(await gateway.AddCommentAsync(id, "The same comment, written again after a crash.", key, CancellationToken.None));
        Assert.True(await gateway.AddCommentAsync(id, "A comment whose key differs only in case.", TicketWriteKey.Parse(key.Value.ToUpperInvariant()), CancellationToken.None));
        Assert.True(await gateway.AddCommentAsync(other, "The same key on another ticket.", key, CancellationToken.None));

        var comments = await RtPeople.CommentsAsync(rt.Client(RtFixture.AdminMember), id);
        Assert.Single(comments, c => c.Contains("could not carry out", StringComparison.Ordinal));
        Assert.DoesNotContain(comments, c => c.Contains("written again", StringComparison.Ordinal));
        Assert.Single(comments, c => c.Contains("differs only in case", StringComparison.Ordinal));
        Assert.Single(await RtPeople.CommentsAsync(rt.Client(RtFixture.AdminMember), other), c => c.Contains("another ticket", StringComparison.Ordinal));
        Assert.Contains($"[swrel:{key.Value}]", await RtPeople.CommentSubjectsAsync(rt.Client(RtFixture.AdminMember), id));
    }

    [Fact]
    public async Task Finds_the_tickets_of_one_major_release_in_one_state()
    {
        var major = "cmd-os-" + Random.Shared.Next(100, 1_000_000);
        var fields = new Dictionary<string, string>(ProviderFields) { ["AssociatedMajorRelease"] = major };
        var deferred = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), fields);
        var submitted = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), fields);
        await using var services = rt.Services();
        var gateway = Gateway(services);
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.AdminMember), deferred, new Dictionary<string, string> { ["RolloutProgress"] = "Deferred" });

        Assert.Equal([deferred], (await gateway.FindTicketsAsync(major, RolloutProgress.Deferred, CancellationToken.None)).Select(t => t.Id));
        Assert.Equal([submitted], (await gateway.FindTicketsAsync(major.ToUpperInvariant(), RolloutProgress.Submitted, CancellationToken.None)).Select(t => t.Id));
        Assert.Empty(await gateway.FindTicketsAsync(major, RolloutProgress.StageRollout, CancellationToken.None));
    }

    [Fact]
    public async Task A_malformed_StateHistory_is_reported_with_the_ticket_the_call_and_the_field()
    {
        var id = await CreateAsync();
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.AdminMember), id, new Dictionary<string, string> { ["StateHistory"] = "not,a\nhistory" });
        await using var services = rt.Services();

        var error = await Assert.ThrowsAsync<RtException>(async () => await Gateway(services).GetTicketAsync(id, CancellationToken.None));

        Assert.Equal(id, error.TicketId);
        Assert.Equal($"GET /REST/2.0/ticket/{id}", error.Call);
        Assert.Contains("StateHistory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_login_is_reported_with_the_ticket_the_call_and_RTs_answer()
    {
        var id = await CreateAsync();
        await using var services = rt.Services(RtFixture.Daemon, o => o.Password = "wrong");

        var error = await Assert.ThrowsAsync<RtException>(async () => await Gateway(services).GetTicketAsync(id, CancellationToken.None));

        Assert.Equal(id, error.TicketId);
        Assert.Contains($"RT ticket {id}: GET /REST/2.0/ticket/{id} failed: HTTP 401", error.Message, StringComparison.Ordinal);
    }

    // SPEC §3: RolloutProgress is written per the §2.1 actor column, SyncURL by the provider; RT's rights do the coarse part.
    [Fact]
    public async Task RT_refuses_a_provider_changing_RolloutProgress_and_a_QC_member_changing_SyncURL()
    {
        var id = await CreateAsync();
        var before = ProviderFields["SyncURL"];

        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.Provider), id, new Dictionary<string, string> { ["RolloutProgress"] = "Production" });
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["SyncURL"] = "rsync://elsewhere.invalid/x" });
        var admin = rt.Client(RtFixture.AdminMember);
        Assert.Equal("", await RtPeople.FieldAsync(admin, id, "RolloutProgress"));
        Assert.Equal(before, await RtPeople.FieldAsync(admin, id, "SyncURL"));

        // The same changes by those who may make them do take.
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Unverified" });
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.Provider), id, new Dictionary<string, string> { ["SyncURL"] = "rsync://127.0.0.1/provider/fixed" });
        Assert.Equal("Unverified", await RtPeople.FieldAsync(admin, id, "RolloutProgress"));
        Assert.Equal("rsync://127.0.0.1/provider/fixed", await RtPeople.FieldAsync(admin, id, "SyncURL"));
    }

    // SPEC §14: RT keeps every field change as a transaction, which is also a source of the §5 history.
    [Fact]
    public async Task Rebuilds_the_state_history_from_RTs_transactions_with_the_RT_user_as_actor()
    {
        var id = await CreateAsync();
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Unverified" });
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "InVerification" });
        await using var services = rt.Services();

        var history = await services.GetRequiredService<RtHistoryReader>().ReadAsync(id, CancellationToken.None);

        Assert.NotNull(history);
        Assert.Equal([RolloutProgress.Submitted, RolloutProgress.Unverified, RolloutProgress.InVerification], history.Path.ToArray());
        Assert.Equal([RtFixture.Provider, RtFixture.QcMember, RtFixture.QcMember], history.Entries.Select(e => e.Actor).ToArray());
        Assert.StartsWith("state,entered_at_utc,actor", history.ToCsv(), StringComparison.Ordinal);
        Assert.Null(await services.GetRequiredService<RtHistoryReader>().ReadAsync(999_999, CancellationToken.None));
    }

    private static RtTicketGateway Gateway(IServiceProvider services) => services.GetRequiredService<RtTicketGateway>();

    private Task<int> CreateAsync(IReadOnlyDictionary<string, byte[]>? uploads = null) =>
        RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields, uploads);

    private static async Task<byte[]> ReadAllAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
