using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SwRel.Cli.Commands;
using SwRel.Cli.Serve;
using SwRel.Domain.History;
using SwRel.Domain.Notifications;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;
using SwRel.Repository.Planning;

namespace SwRel.Cli.Demo;

/// <summary>
/// Walks one release through the workflow through the real Repo daemon: the host <c>swrel serve</c> builds, on a free
/// loopback port over a data folder of its own (embedded ticket store, SQLite queue, catalogue, repository root). Each
/// person's transition is written to the ticket store under the field rules and the transition table and posted to
/// the daemon's API with its write token, as <c>swrel ticket set --as ACTOR</c> does; the demo then waits until the
/// daemon has processed it.
/// </summary>
internal sealed class DemoRunner(CliConsole console, string workFolder, bool json)
{
    /// <summary>The data folder's name inside the work folder.</summary>
    public const string DataName = "data";

    /// <summary>The write token's file name inside the data folder.</summary>
    public const string TokenName = "api-token";

    private const string MajorReleaseName = "umd-4";
    private const string Submitter = "INFN (technology provider)";

    // Each step of the demo takes a few seconds; this is far beyond, and still ends a stuck demo.
    private static readonly TimeSpan ProcessingLimit = TimeSpan.FromMinutes(2);

    private readonly List<Action<Utf8JsonWriter>> _jsonTransitions = [];

    /// <summary>Gets whether the daemon stays up after the walk, until Ctrl+C or SIGTERM.</summary>
    public bool StayUp { get; init; }

    public string DataPath => Path.Combine(workFolder, DataName);

    public string TokenPath => Path.Combine(DataPath, TokenName);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await WalkAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The databases are closed before the folder is removed or handed to `swrel serve`.
            SqliteConnection.ClearAllPools();
        }
    }

    private async Task<int> WalkAsync(CancellationToken cancellationToken)
    {
        var missing = DemoSigning.Missing();
        using var signing = missing.Count == 0 ? await DemoSigning.CreateAsync(workFolder, cancellationToken).ConfigureAwait(false) : null;
        var release = await DemoRelease.CreateAsync(Path.Combine(workFolder, "provider"), Path.Combine(workFolder, "ticket"), signing, cancellationToken)
            .ConfigureAwait(false);
        // An rsync SyncURL names an rsync server (the ticket's field rules refuse a bare path); the provider area is local.
        var syncUrl = new Uri(release.ProviderRoot).AbsoluteUri;
        var descriptor = release.Descriptor;

        var data = new DataFolder(DataPath);
        var token = await WriteDataFolderAsync(data, signing, cancellationToken).ConfigureAwait(false);
        var settings = ServeSettings.Read(
            data,
            new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                // Port 0: the system picks a free port, which the started server reports.
                ["Urls"] = "http://127.0.0.1:0",
                ["ApiTokenFile"] = TokenPath,
                ["Pipeline:PollInterval"] = "00:00:00.100",
            },
            out var errors);
        if (settings is null)
        {
            return Fail(string.Join(" ", errors));
        }

        var plans = new DemoPlans();
        await using var daemon = DaemonHost.Build(settings, quiet: true, builder =>
        {
            plans.Observe(builder.Services);
            // stdout is the demo's report (JSON with --format json): the daemon's warnings go to stderr.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        await daemon.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(daemon.Urls.First().TrimEnd('/') + "/");

        var store = new SqliteTicketStore(data.Tickets);
        var created = await store.CreateTicketAsync(
            new Dictionary<string, string>
            {
                [TicketField.AssociatedMajorRelease.ToName()] = MajorReleaseName,
                [TicketField.SyncProtocol.ToName()] = SyncProtocol.File.ToName(),
                [TicketField.SyncUrl.ToName()] = syncUrl,
                [TicketField.EmergencyRelease.ToName()] = "No",
                [TicketField.ReleaseType.ToName()] = descriptor.Incremental == true ? nameof(ReleaseType.Incremental) : nameof(ReleaseType.NonIncremental),
            },
            Submitter,
            cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return Fail("the ticket store refused the ticket: " + string.Join(" ", created.Errors));
        }

        var ticketId = created.TicketId;
        foreach (var (name, content) in new[] { ("release.xml", DemoRelease.ReleaseXmlBytes), ("checksums.xml", release.ManifestBytes) })
        {
            var attached = await store.AttachAsync(ticketId, name, content, TicketWriter.SoftwareProvider, cancellationToken).ConfigureAwait(false);
            if (!attached.Succeeded)
            {
                return Fail($"the ticket store refused {name}: " + string.Join(" ", attached.Errors));
            }
        }

        // Only for the notification sets, which depend on the state entered and the major release alone.
        var workflow = new RolloutWorkflow(new WorkflowOptions(), new InMemoryStageRolloutSlots(), TimeProvider.System);
        var notifying = workflow.CreateTicket(ticketId, MajorRelease.Parse(MajorReleaseName), Submitter);

        Line($"swrel demo: one release through the EGI software-release workflow, through the Repo daemon, on a throw-away repository");
        Line($"  work folder:  {workFolder}");
        Line($"  daemon:       {address} (the host `swrel serve` runs) over the data folder {DataPath}");
        Line($"  status page:  {address}");
        Line($"  release:      {descriptor.ProductShortName} {descriptor.Version} ({descriptor.Packages.Length} packages), {MajorReleaseName}, {(descriptor.Incremental == true ? "incremental" : "non-incremental")}");
        Line($"  ticket:       #{ticketId} in the embedded ticket store, submitted by {Submitter}");
        Line($"  attachments:  release.xml, checksums.xml (Metalink 4, sha-256)");
        Line($"  transport:    file (the provider area is on this machine); SyncURL {syncUrl}");
        Line(signing is not null
            ? "  signing:      a throw-away GnuPG key; each area is a signed yum repository (rpmsign, createrepo_c, repomd.xml.asc)"
            : $"  signing:      none: {string.Join(", ", missing)} not found, so no index is built; the Debian packages {DemoSigning.DebianPackages} add the index and the signature");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var watch = new DemoQueueWatch(http, address);
        var step = 0;
        foreach (var walk in DemoWalk.Steps)
        {
            step++;
            var writer = walk.Actor == RolloutActor.StageRolloutTeam ? TicketWriter.StageRolloutTeam : TicketWriter.VerificationTeam;
            var changes = new List<KeyValuePair<string, string>>();
            if (walk.ReportField is { } field)
            {
                changes.Add(new(field, walk.ReportUrl!));
            }

            changes.Add(new(TicketField.RolloutProgress.ToName(), walk.To.ToName()));
            var before = (await store.GetTicketAsync(ticketId, cancellationToken).ConfigureAwait(false))!.RolloutProgress;
            Line("");
            Line($"[{step}] {before.ToName()} -> {walk.To.ToName()} by {walk.Actor}");
            Line($"    set:       swrel ticket set {ticketId} {string.Join(" ", changes.Select(c => $"{c.Key}={c.Value}"))} --as {writer}");
            var written = await store.WriteAsync(ticketId, changes, writer, reason: null, actorName: null, cancellationToken).ConfigureAwait(false);
            if (!written.Succeeded)
            {
                return Fail($"the ticket store refused {before.ToName()} -> {walk.To.ToName()}: {string.Join(" ", written.Errors)}");
            }

            if (written.Transition is not { } request)
            {
                return Fail($"the ticket store did not move ticket #{ticketId} to {walk.To.ToName()}.");
            }

            var notifications = workflow.Notifications(notifying, walk.To, reason: null);
            Line($"    notified:  {Notified(notifications)}");

            var answer = await TicketCommand.PostTransitionAsync(request, address, token, cancellationToken).ConfigureAwait(false);
            await store.SetCommunicationStatusAsync(ticketId, answer, cancellationToken).ConfigureAwait(false);
            Line($"    request:   POST {address}api/requests Ticket_Id={request.TicketId}&Previous_Rollout_Progress={request.Previous.ToName()}&Current_Rollout_Progress={request.Current.ToName()}&Emergency_Release={(request.Emergency ? "Yes" : "No")}");
            Line($"    answer:    {answer} (CommunicationStatus)");
            if (answer != "OK")
            {
                return Fail($"the daemon did not accept {request.Previous.ToName()} -> {request.Current.ToName()}: {answer}");
            }

            DemoOutcome outcome;
            try
            {
                outcome = await watch.WaitAsync(request, ProcessingLimit, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                return Fail(e.Message);
            }

            var carriedOut = plans.Take();
            foreach (var plan in carriedOut)
            {
                Line("    plan:      " + RepositoryPlanText.ToText(plan).TrimEnd().Replace("\n", "\n               ", StringComparison.Ordinal));
            }

            Line($"    daemon:    {outcome.Outcome}: {outcome.Message}");
            var snapshot = (await store.GetTicketAsync(ticketId, cancellationToken).ConfigureAwait(false))!;
            Line($"    ticket:    RolloutProgress={snapshot.RolloutProgress.ToName()}, RepositoryURL={snapshot.RepositoryUrl ?? "(none)"}");
            RecordJson(request, walk, notifications, carriedOut, outcome, snapshot);
            if (outcome.Outcome != nameof(ProcessingOutcome.Succeeded))
            {
                foreach (var comment in await store.GetCommentsAsync(ticketId, cancellationToken).ConfigureAwait(false))
                {
                    console.Error.WriteLine($"swrel: ticket comment by {comment.Author}: {comment.Text}");
                }

                return Fail($"the daemon did not carry out {request.Previous.ToName()} -> {request.Current.ToName()}.");
            }
        }

        var final = (await store.GetTicketAsync(ticketId, cancellationToken).ConfigureAwait(false))!;
        var tree = Tree(settings.RepositoryRoot);
        Line("");
        Line("final tree (repository root):");
        foreach (var (path, size) in tree)
        {
            Line($"  {path}  ({size.ToString(CultureInfo.InvariantCulture)} bytes)");
        }

        Line("");
        Line($"history: {string.Join(" -> ", final.History.Entries.Select(e => e.State.ToName()))}");
        WriteJson(final, address, tree);
        if (StayUp)
        {
            // In JSON mode stdout holds the report alone.
            (json ? console.Error : console.Out).WriteLine($"status page: {address}");
            (json ? console.Error : console.Out).WriteLine("The daemon stays up; press Ctrl+C to stop it.");
            await daemon.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await daemon.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Makes the data folder that `swrel serve --data-dir` opens again: its settings (the repository root beside it,
    /// the default address) and a random write token in a file only the user can read.
    /// </summary>
    private async Task<string> WriteDataFolderAsync(DataFolder data, DemoSigning? signing, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(data.Path);

        // The throw-away key signs each area, as `swrel serve --gpg-home --gpg-key` does, also when the folder is reopened.
        var publication = signing is null
            ? ""
            : $",\n  \"Publication\": {{ \"GnuPgHome\": \"{JsonEncodedText.Encode(Path.GetRelativePath(data.Path, signing.Options.GnuPgHome))}\", "
                + $"\"SigningKey\": \"{JsonEncodedText.Encode(signing.Options.SigningKey)}\" }}";
        await File.WriteAllTextAsync(data.Settings, $$"""
            {
              "Urls": "{{ServeSettings.DefaultListen}}",
              "Pipeline": { "RepositoryRoot": "../{{DataFolder.RepositoryName}}" }{{publication}}
            }

            """, cancellationToken).ConfigureAwait(false);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        // The file is made private before the token is written into it.
        await File.WriteAllTextAsync(TokenPath, "", cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(TokenPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await File.WriteAllTextAsync(TokenPath, token + "\n", cancellationToken).ConfigureAwait(false);
        return token;
    }

    private static string Notified(NotificationSet notifications)
    {
        var who = notifications.Recipients == NotificationRecipients.None ? "nobody" : notifications.Recipients.ToString().Replace(",", " and", StringComparison.Ordinal);
        var cc = notifications.CcGroups.IsDefaultOrEmpty ? "no CC groups" : "CC " + string.Join(", ", notifications.CcGroups);
        return $"{who}; {cc}; AdminCc {notifications.AdminCc}";
    }

    private static List<(string Path, long Size)> Tree(string root)
    {
        var files = new List<(string, long)>();
        if (!Directory.Exists(root))
        {
            return files;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!relative.StartsWith(".swrel/", StringComparison.Ordinal))
            {
                files.Add((relative, new FileInfo(file).Length));
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return files;
    }

    private int Fail(string message)
    {
        console.Error.WriteLine($"swrel: demo failed: {message}");
        return ExitCodes.Invalid;
    }

    private void Line(string text)
    {
        if (!json)
        {
            console.Out.WriteLine(text);
        }
    }

    private void RecordJson(
        ProvisioningRequest request, DemoWalk walk, NotificationSet notifications, List<RepositoryPlan> plans, DemoOutcome outcome, TicketSnapshot snapshot) =>
        _jsonTransitions.Add(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("from", request.Previous.ToName());
            writer.WriteString("to", request.Current.ToName());
            writer.WriteString("actor", walk.Actor.ToString());
            writer.WriteStartObject("notifications");
            writer.WriteString("recipients", notifications.Recipients.ToString());
            writer.WriteStartArray("ccGroups");
            foreach (var group in notifications.CcGroups)
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
            writer.WriteString("adminCc", notifications.AdminCc);
            writer.WriteEndObject();
            writer.WriteNumber("requestId", outcome.RequestId);
            writer.WriteStartArray("plans");
            foreach (var plan in plans)
            {
                RepositoryPlanJson.Write(writer, plan);
            }

            writer.WriteEndArray();
            writer.WriteString("outcome", outcome.Outcome);
            writer.WriteString("message", outcome.Message);
            writer.WriteString("rolloutProgress", snapshot.RolloutProgress.ToName());
            writer.WriteString("repositoryUrl", snapshot.RepositoryUrl);
            writer.WriteEndObject();
        });

    private void WriteJson(TicketSnapshot ticket, Uri daemon, List<(string Path, long Size)> tree)
    {
        if (!json)
        {
            return;
        }

        CliJson.Write(console.Out, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("daemon", daemon.AbsoluteUri);
            writer.WriteString("statusPage", daemon.AbsoluteUri);
            writer.WriteString("dataFolder", DataPath);
            writer.WriteNumber("ticket", ticket.Id);
            writer.WriteString("rolloutProgress", ticket.RolloutProgress.ToName());
            writer.WriteString("repositoryUrl", ticket.RepositoryUrl);
            writer.WriteStartArray("transitions");
            foreach (var write in _jsonTransitions)
            {
                write(writer);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("tree");
            foreach (var (path, size) in tree)
            {
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteNumber("bytes", size);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
