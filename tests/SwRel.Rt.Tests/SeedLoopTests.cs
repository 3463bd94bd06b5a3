using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Domain.History;
using SwRel.Domain.Workflow;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests;

// The seed's whole loop in RT: a provider submits in the sw-rel queue, the teams move RolloutProgress there as themselves, RT's
// scrip posts each change to a running `swrel serve`, and the daemon fetches from the provider's rsync daemon, verifies,
// publishes, and writes the ticket back through REST 2.0. Nothing here is a double: RT 5, rsync and swrel are the real programs.
[Collection(SeedLoopCollection.Name)]
public sealed class SeedLoopTests(SeedLoopFixture loop)
{
    private const string CommunicationStatus = nameof(CommunicationStatus);

    // SPEC §2.1 rows 1, 4, 11, 12b, 15 and 17; §11 (the areas); §12 (fetch, verify, publish, comment); §14 (the scrip).
    [Fact]
    public async Task A_release_goes_from_Submitted_to_Production_in_RT_while_a_second_of_its_major_release_waits_Deferred_and_then_moves_on()
    {
        const string Major = "umd-4";
        var first = await ProviderRelease.CreateAsync(loop.Rsync.ModuleRoot, "1.7.3");
        var second = await ProviderRelease.CreateAsync(loop.Rsync.ModuleRoot, "1.7.4");
        var a = await SubmitAsync(first, Major);
        var b = await SubmitAsync(second, Major);

        // Submitted -> Unverified by QC: the daemon fetches, verifies and publishes to the unverified area.
        await MoveAsync(RtFixture.QcMember, a, RolloutProgress.Submitted, RolloutProgress.Unverified, "Succeeded");
        Assert.Equal("OK", await FieldAsync(a, CommunicationStatus));
        Assert.Equal(first.AreaPath("unverified", Major), await FieldAsync(a, "RepositoryURL"));
        AssertPublished(first, first.AreaPath("unverified", Major));
        Assert.Contains(await CommentsAsync(a), c => c.Contains($"Submitted -> Unverified; the release is at {first.AreaPath("unverified", Major)}", StringComparison.Ordinal));

        // Unverified -> InVerification by QC: nothing to move in the repository.
        await MoveAsync(RtFixture.QcMember, a, RolloutProgress.Unverified, RolloutProgress.InVerification, "Succeeded");
        Assert.Equal("OK", await FieldAsync(a, CommunicationStatus));

        // InVerification -> StageRollout by QC with the verification report: the release is promoted to the stage-rollout area.
        await SetAsync(RtFixture.QcMember, a, "VerificationReport", "https://qc.example.org/reports/argus-1.7.3");
        await MoveAsync(RtFixture.QcMember, a, RolloutProgress.InVerification, RolloutProgress.StageRollout, "Succeeded");
        Assert.Equal("OK", await FieldAsync(a, CommunicationStatus));
        Assert.Equal(first.AreaPath("stagerollout", Major), await FieldAsync(a, "RepositoryURL"));
        AssertPublished(first, first.AreaPath("stagerollout", Major));

        // Submitted -> StageRollout without EmergencyRelease is a move the table has for nobody: the daemon refuses the request
        // RT posts and sets RolloutProgress back, with a comment naming the rule.
        await SetAsync(RtFixture.QcMember, b, "RolloutProgress", "StageRollout");
        await WaitForAsync(
            async () => (await CommentsAsync(b)).Any(c => c.Contains("RolloutProgress was set back from StageRollout to Submitted: qc acts as VerificationTeam", StringComparison.Ordinal)),
            "the daemon to set back a move the table has for nobody");
        Assert.Equal("Submitted", await FieldAsync(b, "RolloutProgress"));
        Assert.Contains(await CommentsAsync(b), c => c.Contains("could not accept", StringComparison.Ordinal));

        // The second release of umd-4 reaches StageRollout while the first holds the slot: the daemon sets it Deferred (row 12b).
        await MoveAsync(RtFixture.QcMember, b, RolloutProgress.Submitted, RolloutProgress.Unverified, "Succeeded");
        await MoveAsync(RtFixture.QcMember, b, RolloutProgress.Unverified, RolloutProgress.InVerification, "Succeeded");
        await SetAsync(RtFixture.QcMember, b, "VerificationReport", "https://qc.example.org/reports/argus-1.7.4");
        await MoveAsync(RtFixture.QcMember, b, RolloutProgress.InVerification, RolloutProgress.StageRollout, "Deferred");
        Assert.Equal("Deferred", await FieldAsync(b, "RolloutProgress"));
        Assert.Equal(second.AreaPath("unverified", Major), await FieldAsync(b, "RepositoryURL"));
        Assert.False(Directory.Exists(Path.Combine(loop.Daemon.RepositoryRoot, second.AreaPath("stagerollout", Major))));
        // SPEC §5: the team's entries, then the repository's; the move that was set back is not one.
        Assert.Equal(
            [RolloutProgress.Unverified, RolloutProgress.InVerification, RolloutProgress.StageRollout, RolloutProgress.Deferred],
            PathOf(await FieldAsync(b, "StateHistory")));
        Assert.Contains(await CommentsAsync(b), c => c.Contains("Deferred", StringComparison.Ordinal) && c.Contains(a.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        // StageRollout -> Production by the stage-rollout team with its report: the first is in production, and the second
        // moves on to StageRollout (row 15), promoted to the stage-rollout area by the daemon.
        await SetAsync(RtFixture.StageRolloutMember, a, "StageRolloutReport", "https://sr.example.org/reports/argus-1.7.3");
        await MoveAsync(RtFixture.StageRolloutMember, a, RolloutProgress.StageRollout, RolloutProgress.Production, "Succeeded");
        Assert.Equal("OK", await FieldAsync(a, CommunicationStatus));
        const string Production = "sw/production/umd/4/centos7/x86_64/updates";
        Assert.Equal(Production, await FieldAsync(a, "RepositoryURL"));
        AssertPublished(first, Production);
        Assert.False(Directory.Exists(Path.Combine(loop.Daemon.RepositoryRoot, first.AreaPath("stagerollout", Major))));
        Assert.Contains(await CommentsAsync(a), c => c.Contains($"StageRollout -> Production; the release is at {Production}", StringComparison.Ordinal));

        Assert.Equal("StageRollout", await FieldAsync(b, "RolloutProgress"));
        Assert.Equal(second.AreaPath("stagerollout", Major), await FieldAsync(b, "RepositoryURL"));
        AssertPublished(second, second.AreaPath("stagerollout", Major));
        Assert.Equal(
            [RolloutProgress.Unverified, RolloutProgress.InVerification, RolloutProgress.StageRollout, RolloutProgress.Deferred, RolloutProgress.StageRollout],
            PathOf(await FieldAsync(b, "StateHistory")));
        Assert.Equal(
            ["VerificationTeam", "VerificationTeam", "VerificationTeam", "Repo", "Repo"],
            StateHistory.Parse(await FieldAsync(b, "StateHistory")).Entries.Select(e => e.Actor).ToArray());

        // SPEC §5: every state entry with its time and actor, the people's as the transition table's actors they acted as.
        var recorded = StateHistory.Parse(await FieldAsync(a, "StateHistory"));
        Assert.Equal(
            [RolloutProgress.Unverified, RolloutProgress.InVerification, RolloutProgress.StageRollout, RolloutProgress.Production],
            recorded.Path.TakeLast(4).ToArray());
        Assert.Equal(["VerificationTeam", "VerificationTeam", "VerificationTeam", "StageRolloutTeam"], recorded.Entries.TakeLast(4).Select(e => e.Actor).ToArray());
        Assert.Contains(await CommentsAsync(b), c => c.Contains(second.AreaPath("stagerollout", Major), StringComparison.Ordinal));

        // RT's own transactions give the whole history with the person (or the daemon) behind each entry.
        var history = await HistoryAsync(a);
        Assert.Equal(
            [RolloutProgress.Submitted, RolloutProgress.Unverified, RolloutProgress.InVerification, RolloutProgress.StageRollout, RolloutProgress.Production],
            history.Path.ToArray());
        Assert.Equal([RtFixture.Provider, RtFixture.QcMember, RtFixture.QcMember, RtFixture.QcMember, RtFixture.StageRolloutMember], history.Entries.Select(e => e.Actor).ToArray());
        var secondHistory = await HistoryAsync(b);
        Assert.Equal(RtFixture.Daemon, secondHistory.Entries[^2].Actor);
        Assert.Equal(RtFixture.Daemon, secondHistory.Entries[^1].Actor);
    }

    // SPEC §9 and §12: a file that does not match the manifest fails the transition with a comment naming it (row 20);
    // SPEC §2.1 row 22: Admin retries the failed transition, and the repository action runs again.
    [Fact]
    public async Task A_flipped_byte_in_the_provider_tree_fails_the_ticket_naming_the_file_and_the_admins_retry_after_the_fix_succeeds()
    {
        const string Major = "umd-5";
        var release = await ProviderRelease.CreateAsync(loop.Rsync.ModuleRoot, "2.0.1");
        var ticket = await SubmitAsync(release, Major);
        var corrupted = release.Corrupt();

        await MoveAsync(RtFixture.QcMember, ticket, RolloutProgress.Submitted, RolloutProgress.Unverified, "Failed");
        Assert.Equal("OK", await FieldAsync(ticket, CommunicationStatus));
        Assert.Equal("Failed", await FieldAsync(ticket, "RolloutProgress"));
        Assert.StartsWith("Submitted,Unverified,", await FieldAsync(ticket, "FailedTransition"), StringComparison.Ordinal);
        Assert.Equal([RolloutProgress.Unverified, RolloutProgress.Failed], PathOf(await FieldAsync(ticket, "StateHistory")));
        Assert.Contains(await CommentsAsync(ticket), c => c.Contains(corrupted, StringComparison.Ordinal) && c.Contains("Failed", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(loop.Daemon.RepositoryRoot, release.AreaPath("unverified", Major))));

        release.Repair();
        await MoveAsync(RtFixture.AdminMember, ticket, RolloutProgress.Failed, RolloutProgress.Unverified, "Succeeded");
        Assert.Equal("OK", await FieldAsync(ticket, CommunicationStatus));
        Assert.Equal("Unverified", await FieldAsync(ticket, "RolloutProgress"));
        Assert.Equal(release.AreaPath("unverified", Major), await FieldAsync(ticket, "RepositoryURL"));
        AssertPublished(release, release.AreaPath("unverified", Major));
        Assert.Contains(await CommentsAsync(ticket), c => c.Contains($"the release is at {release.AreaPath("unverified", Major)}", StringComparison.Ordinal));
        Assert.Equal(["VerificationTeam", "Repo", "Admin"], StateHistory.Parse(await FieldAsync(ticket, "StateHistory")).Entries.Select(e => e.Actor).ToArray());
    }

    // SPEC §12: when the ticket system fails, the request stays queued and is retried; it is never lost.
    [Fact]
    public async Task A_request_whose_processing_finds_RT_down_is_retried_and_completes_once_RT_is_back()
    {
        const string Major = "umd-6";
        var release = await ProviderRelease.CreateAsync(loop.Rsync.ModuleRoot, "3.1.0");
        var ticket = await SubmitAsync(release, Major, held: true);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        using (var qc = Client(RtFixture.QcMember))
        {
            Assert.StartsWith("200", await RtPeople.SetFieldsAsync(qc, ticket, new Dictionary<string, string> { ["RolloutProgress"] = "Unverified" }), StringComparison.Ordinal);
        }

        Assert.Equal("OK", await FieldAsync(ticket, CommunicationStatus));

        // The daemon has read the ticket and is fetching: RT goes down before it can write anything back.
        await WaitForAsync(() => File.Exists(loop.Rsync.HeldMarker), "the daemon to start fetching from the provider");
        await loop.Rt.StopServerAsync();
        await File.WriteAllTextAsync(loop.Rsync.GoMarker, "");
        var waiting = await loop.Daemon.WaitUntilKeptForRetryAsync(ticket);
        Assert.Contains($"RT ticket {ticket}", waiting.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        await loop.Rt.StartServerAsync();
        // The daemon doubles its wait after each attempt that found RT down (1 s, 2 s, 4 s, ...), so the longer RT took to
        // come back, the later the next attempt: minutes on a loaded machine, still well before the request would be
        // set aside as a dead letter.
        var outcome = await loop.Daemon.WaitUntilProcessedAsync(ticket, "Submitted -> Unverified", since, TimeSpan.FromMinutes(10));
        Assert.Equal("Succeeded", outcome.GetProperty("outcome").GetString());
        Assert.Equal(release.AreaPath("unverified", Major), await FieldAsync(ticket, "RepositoryURL"));
        AssertPublished(release, release.AreaPath("unverified", Major));
        Assert.Contains(await CommentsAsync(ticket), c => c.Contains($"the release is at {release.AreaPath("unverified", Major)}", StringComparison.Ordinal));
        Assert.DoesNotContain(await CommentsAsync(ticket), c => c.Contains("Failed", StringComparison.Ordinal));
    }

    private HttpClient Client(string user) => loop.Client(user);

    /// <summary>The provider creates the ticket: the §3 fields, SyncURL on the rsync daemon, release.xml and the manifest as uploads.</summary>
    private async Task<int> SubmitAsync(ProviderRelease release, string majorRelease, bool held = false)
    {
        using var provider = Client(RtFixture.Provider);
        return await RtPeople.CreateTicketAsync(
            provider,
            new Dictionary<string, string>
            {
                ["SyncProtocol"] = "rsync",
                ["SyncURL"] = loop.Rsync.SyncUrl(release.Name, held),
                ["AssociatedMajorRelease"] = majorRelease,
                ["ReleaseType"] = "Incremental",
                ["EmergencyRelease"] = "No",
            },
            new Dictionary<string, byte[]> { ["ReleaseMetadata"] = release.ReleaseXml, ["ReleaseChecksums"] = release.Manifest });
    }

    /// <summary>Sets RolloutProgress in RT as <paramref name="user"/> and waits until the daemon has processed the change RT's scrip posted.</summary>
    private async Task MoveAsync(string user, int ticket, RolloutProgress from, RolloutProgress to, string expectedOutcome)
    {
        // The daemon's clock is this machine's; a second's margin covers the precision of what it reports.
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await SetAsync(user, ticket, "RolloutProgress", to.ToName());
        var outcome = await loop.Daemon.WaitUntilProcessedAsync(ticket, $"{from.ToName()} -> {to.ToName()}", since);
        Assert.True(
            outcome.GetProperty("outcome").GetString() == expectedOutcome,
            $"{from.ToName()} -> {to.ToName()} on ticket {ticket}: expected {expectedOutcome}, the daemon reports {outcome}");
    }

    private async Task SetAsync(string user, int ticket, string field, string value)
    {
        using var client = Client(user);
        var answer = await RtPeople.SetFieldsAsync(client, ticket, new Dictionary<string, string> { [field] = value });
        Assert.StartsWith("200", answer, StringComparison.Ordinal);
        Assert.Equal(value, await RtPeople.FieldAsync(client, ticket, field));
    }

    private async Task<string> FieldAsync(int ticket, string field)
    {
        using var root = Client(RtInstance.RootUser);
        return await RtPeople.FieldAsync(root, ticket, field);
    }

    private async Task<IReadOnlyList<string>> CommentsAsync(int ticket)
    {
        using var root = Client(RtInstance.RootUser);
        return await RtPeople.CommentsAsync(root, ticket);
    }

    private async Task<StateHistory> HistoryAsync(int ticket)
    {
        var services = new ServiceCollection();
        services.AddSwRelRt(o =>
        {
            o.Url = loop.Rt.Url;
            o.User = RtFixture.Daemon;
            o.Password = RtFixture.Password;
        });
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<RtHistoryReader>().ReadAsync(ticket, CancellationToken.None)
            ?? throw new InvalidOperationException($"RT has no ticket {ticket}.");
    }

    private static RolloutProgress[] PathOf(string stateHistoryCsv) => [.. StateHistory.Parse(stateHistoryCsv).Path];

    /// <summary>Every package of the release is in the repository folder, byte for byte as the provider made it.</summary>
    private void AssertPublished(ProviderRelease release, string areaPath)
    {
        foreach (var file in release.Files)
        {
            var published = Path.Combine(loop.Daemon.RepositoryRoot, areaPath, file);
            Assert.True(File.Exists(published), $"{published} is missing; the repository holds: {string.Join(", ", Directory.EnumerateFiles(loop.Daemon.RepositoryRoot, "*", SearchOption.AllDirectories))}");
            Assert.Equal(File.ReadAllBytes(Path.Combine(release.Folder, file)), File.ReadAllBytes(published));
        }
    }

    private static Task WaitForAsync(Func<bool> condition, string what) => WaitForAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 3 minutes for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
