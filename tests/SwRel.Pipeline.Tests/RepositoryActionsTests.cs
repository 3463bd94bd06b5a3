using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Tests.Publication;

namespace SwRel.Pipeline.Tests;

public sealed class RepositoryActionsTests : IDisposable
{
    private readonly ReleaseWorkspace _w = new();

    public void Dispose() => _w.Dispose();

    // SPEC §12: validate, fetch, verify, plan, execute; SPEC §11: the EgiRepository paths.
    [Fact]
    public async Task A_release_walks_from_Submitted_to_Production_through_the_real_repository()
    {
        var ticket = await _w.NewTicketAsync();

        var intake = await _w.MoveAsync(ticket, RolloutProgress.Unverified);

        Assert.Equal(ProcessingOutcome.Succeeded, intake.Outcome);
        Assert.True(_w.Exists(ReleaseWorkspace.UnverifiedPath, ReleaseWorkspace.Package));
        Assert.True(_w.Exists(ReleaseWorkspace.UnverifiedPath + "/repofiles", "INFN.argus.centos7.x86_64.repo"));
        Assert.Equal(ReleaseWorkspace.UnverifiedPath, await UrlAsync(ticket));

        Assert.Equal(ProcessingOutcome.Succeeded, (await _w.MoveAsync(ticket, RolloutProgress.InVerification)).Outcome);
        Assert.Equal(ProcessingOutcome.Succeeded, (await _w.MoveAsync(ticket, RolloutProgress.StageRollout)).Outcome);

        Assert.True(_w.Exists(ReleaseWorkspace.StageRolloutPath, ReleaseWorkspace.Package));
        Assert.False(_w.Exists(ReleaseWorkspace.UnverifiedPath));
        Assert.Equal(ReleaseWorkspace.StageRolloutPath, await UrlAsync(ticket));

        var production = await _w.MoveAsync(ticket, RolloutProgress.Production);

        Assert.Equal(ProcessingOutcome.Succeeded, production.Outcome);
        Assert.True(_w.Exists(ReleaseWorkspace.ProductionPath, ReleaseWorkspace.Package));
        Assert.False(_w.Exists(ReleaseWorkspace.StageRolloutPath));
        Assert.Equal(ReleaseWorkspace.ProductionPath, await UrlAsync(ticket));
        Assert.Equal(RolloutProgress.Production, (await _w.Gateway.GetTicketAsync(ticket, default))!.RolloutProgress);
    }

    // SPEC §12.1: the catalogue lists every release the repository holds, in the area it is in, with when it got there.
    [Fact]
    public async Task The_release_catalogue_follows_the_release_from_area_to_area()
    {
        var ticket = await _w.NewTicketAsync(manifest: await _w.ManifestAsync());

        await _w.MoveAsync(ticket, RolloutProgress.Unverified);
        var intake = Assert.Single(await _w.Catalogue.ListAsync(new ReleaseCatalogueQuery(), default));
        Assert.Equal(ticket, intake.TicketId);
        Assert.Equal("INFN.argus.centos7.x86_64", intake.Product);
        Assert.Equal("1.7.3", intake.Version);
        Assert.Equal("umd-4", intake.MajorRelease);
        Assert.Equal(SwRel.Repository.Layout.RepositoryArea.Unverified, intake.Area);
        Assert.Equal(ReleaseWorkspace.UnverifiedPath, intake.Path);
        Assert.True(intake.ChecksumsVerified);
        Assert.Equal(_w.Time.GetUtcNow(), intake.RecordedAtUtc);

        await _w.MoveAsync(ticket, RolloutProgress.InVerification);
        await _w.MoveAsync(ticket, RolloutProgress.StageRollout);
        _w.Time.Advance(TimeSpan.FromDays(3));
        await _w.MoveAsync(ticket, RolloutProgress.Production);

        var production = Assert.Single(await _w.Catalogue.ListAsync(new ReleaseCatalogueQuery(), default));
        Assert.Equal(SwRel.Repository.Layout.RepositoryArea.Production, production.Area);
        Assert.Equal(ReleaseWorkspace.ProductionPath, production.Path);
        Assert.True(production.ChecksumsVerified);
        Assert.Equal(_w.Time.GetUtcNow(), production.RecordedAtUtc);
    }

    [Fact]
    public async Task A_bad_release_xml_fails_the_ticket_with_the_errors_location()
    {
        var ticket = await _w.NewTicketAsync(releaseXml: ReleaseWorkspace.ReleaseXml.Replace("<release:productName>argus</release:productName>", "", StringComparison.Ordinal));

        var report = await _w.MoveAsync(ticket, RolloutProgress.Unverified);

        Assert.Equal(ProcessingOutcome.Failed, report.Outcome);
        var comment = Assert.Single(_w.Gateway.Comments(ticket));
        Assert.Matches(@"release\.xml:\d+:\d+:", comment);
        await AssertFailedAsync(ticket);
        Assert.False(_w.Exists(ReleaseWorkspace.UnverifiedPath));
    }

    [Fact]
    public async Task A_checksum_mismatch_fails_the_ticket_and_publishes_nothing()
    {
        var manifest = await _w.ManifestAsync();
        await File.WriteAllTextAsync(Path.Combine(_w.ProviderRoot, ReleaseWorkspace.Package), "tampered");
        var ticket = await _w.NewTicketAsync(manifest: manifest);

        var report = await _w.MoveAsync(ticket, RolloutProgress.Unverified);

        Assert.Equal(ProcessingOutcome.Failed, report.Outcome);
        var comment = Assert.Single(_w.Gateway.Comments(ticket));
        Assert.Contains(ReleaseWorkspace.Package, comment, StringComparison.Ordinal);
        Assert.Contains("mismatch", comment, StringComparison.Ordinal);
        await AssertFailedAsync(ticket);
        Assert.False(_w.Exists(ReleaseWorkspace.UnverifiedPath));
        Assert.Null(await UrlAsync(ticket));
    }

    [Fact]
    public async Task A_disk_without_room_for_the_release_and_its_margin_fails_the_ticket_with_the_space_needed_and_free()
    {
        Directory.CreateDirectory(_w.RepositoryRoot);
        _w.Options.FreeSpaceMargin = new DriveInfo(_w.RepositoryRoot).TotalSize + 1;
        var ticket = await _w.NewTicketAsync(manifest: await _w.ManifestAsync());

        var report = await _w.MoveAsync(ticket, RolloutProgress.Unverified);

        Assert.Equal(ProcessingOutcome.Failed, report.Outcome);
        var comment = Assert.Single(_w.Gateway.Comments(ticket));
        Assert.Contains("Not enough free space to fetch into " + _w.RepositoryRoot, comment, StringComparison.Ordinal);
        Assert.Matches(@"bytes\) needed \(the release's \d+ bytes plus a margin of .*\), .* free\.", comment);
        await AssertFailedAsync(ticket);
        Assert.False(_w.Exists(ReleaseWorkspace.UnverifiedPath, ReleaseWorkspace.Package));
    }

    [Fact]
    public async Task A_fetch_error_fails_the_ticket_naming_the_source()
    {
        var missing = new Uri(Path.Combine(_w.ProviderRoot, "no-such-folder")).AbsoluteUri;
        var ticket = await _w.NewTicketAsync(syncUrl: missing);

        var report = await _w.MoveAsync(ticket, RolloutProgress.Unverified);

        Assert.Equal(ProcessingOutcome.Failed, report.Outcome);
        Assert.Contains("no-such-folder", Assert.Single(_w.Gateway.Comments(ticket)), StringComparison.Ordinal);
        await AssertFailedAsync(ticket);
    }

    [Fact]
    public async Task An_ftp_release_fails_with_not_supported()
    {
        var ticket = await _w.NewTicketAsync(protocol: "ftp", syncUrl: "ftp://ftp.example.org/argus");

        var report = await _w.MoveAsync(ticket, RolloutProgress.Unverified);

        Assert.Equal(ProcessingOutcome.Failed, report.Outcome);
        Assert.Contains("not supported", Assert.Single(_w.Gateway.Comments(ticket)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_release_xml_attachment_fails_the_ticket()
    {
        var ticket = _w.Gateway.CreateTicket(new Dictionary<string, string> { [TicketField.AssociatedMajorRelease.ToName()] = "umd-4" });

        var report = await _w.MoveAsync(ticket, RolloutProgress.Unverified);

        Assert.Equal(ProcessingOutcome.Failed, report.Outcome);
        Assert.Contains("no attachment named release.xml", Assert.Single(_w.Gateway.Comments(ticket)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_after_a_fixed_fetch_publishes_the_release()
    {
        var good = new Uri(_w.ProviderRoot).AbsoluteUri;
        var ticket = await _w.NewTicketAsync(syncUrl: new Uri(Path.Combine(_w.ProviderRoot, "missing")).AbsoluteUri);
        await _w.MoveAsync(ticket, RolloutProgress.Unverified);
        _w.Gateway.SetField(ticket, TicketField.SyncUrl.ToName(), good);

        var retry = await _w.MoveAsync(ticket, RolloutProgress.Unverified);

        Assert.Equal(ProcessingOutcome.Succeeded, retry.Outcome);
        Assert.True(_w.Exists(ReleaseWorkspace.UnverifiedPath, ReleaseWorkspace.Package));
    }

    [Fact]
    public async Task Running_an_intake_twice_changes_nothing_the_second_time()
    {
        var ticket = await _w.NewTicketAsync();
        await _w.MoveAsync(ticket, RolloutProgress.Unverified);
        var snapshot = (await _w.Gateway.GetTicketAsync(ticket, default))!;

        var again = await _w.Actions.RunAsync(new RepositoryActionContext { Ticket = snapshot, From = RolloutProgress.Submitted, To = RolloutProgress.Unverified, Gateway = _w.Gateway }, default);

        Assert.Equal(ReleaseWorkspace.UnverifiedPath, again.RepositoryUrl?.Value);
        Assert.True(_w.Exists(ReleaseWorkspace.UnverifiedPath, ReleaseWorkspace.Package));
    }

    // rpmsign --addsign changes the published packages, so the published folder no longer matches the ticket's manifest.
    [Fact]
    public async Task Running_a_signed_intake_again_recognises_its_signed_packages_and_changes_nothing()
    {
        using var bench = new PublicationBench();
        File.Copy(bench.BuildRpm("built", "argus-pap", "1.7.3"), Path.Combine(_w.ProviderRoot, ReleaseWorkspace.Package), overwrite: true);
        _w.Options.Publication = bench.Options;
        var ticket = await _w.NewTicketAsync();
        Assert.Equal(ProcessingOutcome.Succeeded, (await _w.MoveAsync(ticket, RolloutProgress.Unverified)).Outcome);
        var published = Path.Combine(RepositoryPath.Parse(ReleaseWorkspace.UnverifiedPath).ToLocalPath(_w.RepositoryRoot), ReleaseWorkspace.Package);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(_w.ProviderRoot, ReleaseWorkspace.Package)), File.ReadAllBytes(published));
        var before = Snapshot(_w.RepositoryRoot);
        var snapshot = (await _w.Gateway.GetTicketAsync(ticket, default))!;

        var again = await _w.Actions.RunAsync(new RepositoryActionContext { Ticket = snapshot, From = RolloutProgress.Submitted, To = RolloutProgress.Unverified, Gateway = _w.Gateway }, default);

        Assert.Equal(ReleaseWorkspace.UnverifiedPath, again.RepositoryUrl?.Value);
        Assert.Equal(before, Snapshot(_w.RepositoryRoot));
    }

    [Fact]
    public async Task Another_release_at_the_place_of_a_signed_intake_still_conflicts()
    {
        using var bench = new PublicationBench();
        var package = Path.Combine(_w.ProviderRoot, ReleaseWorkspace.Package);
        File.Copy(bench.BuildRpm("built", "argus-pap", "1.7.3"), package, overwrite: true);
        _w.Options.Publication = bench.Options;
        var ticket = await _w.NewTicketAsync();
        Assert.Equal(ProcessingOutcome.Succeeded, (await _w.MoveAsync(ticket, RolloutProgress.Unverified)).Outcome);
        // Other content: two builds of one spec within the same second are the same bytes.
        File.Copy(bench.BuildRpm("rebuilt", "argus-pap", "1.7.3", payload: "1.7.3 rebuilt"), package, overwrite: true);
        var other = await _w.NewTicketAsync();
        var snapshot = (await _w.Gateway.GetTicketAsync(other, default))!;

        var error = await Assert.ThrowsAsync<RepositoryActionException>(() =>
            _w.Actions.RunAsync(new RepositoryActionContext { Ticket = snapshot, From = RolloutProgress.Submitted, To = RolloutProgress.Unverified, Gateway = _w.Gateway }, default).AsTask());

        Assert.Contains("conflicts", error.Message, StringComparison.Ordinal);
    }

    private static SortedDictionary<string, string> Snapshot(string root) => new(
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).StartsWith(".swrel/lock", StringComparison.Ordinal))
            .ToDictionary(
                f => Path.GetRelativePath(root, f),
                f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    [Fact]
    public async Task A_state_folder_that_cannot_be_created_fails_the_ticket_instead_of_retrying_as_busy()
    {
        Directory.CreateDirectory(_w.RepositoryRoot);
        await File.WriteAllTextAsync(Path.Combine(_w.RepositoryRoot, ".swrel"), "a file where the executor's state folder goes");
        var ticket = await _w.NewTicketAsync();

        var report = await _w.MoveAsync(ticket, RolloutProgress.Unverified);

        Assert.Equal(ProcessingOutcome.Failed, report.Outcome);
        Assert.Contains("state folder", Assert.Single(_w.Gateway.Comments(ticket)), StringComparison.Ordinal);
        await AssertFailedAsync(ticket);
        Assert.Empty(await _w.Queue.ListAsync(default));
    }

    private async Task AssertFailedAsync(int ticket)
    {
        var read = await _w.Gateway.GetTicketAsync(ticket, default);
        Assert.Equal(RolloutProgress.Failed, read!.RolloutProgress);
        Assert.Equal(RolloutProgress.Submitted, read.LastFailedTransition!.From);
        Assert.Equal(RolloutProgress.Unverified, read.LastFailedTransition.To);
        Assert.Empty(await _w.Queue.ListAsync(default));
    }

    private async Task<string?> UrlAsync(int ticket) => (await _w.Gateway.GetTicketAsync(ticket, default))!.RepositoryUrl;
}
