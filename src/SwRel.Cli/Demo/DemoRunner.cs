using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SwRel.Domain.Notifications;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Testing;
using SwRel.Repository.Planning;
using SwRel.Repository.Transports;

namespace SwRel.Cli.Demo;

/// <summary>
/// Walks one release through the workflow with the real pipeline: the domain workflow decides and
/// notifies each person's transition, the in-memory ticket system posts the transition request,
/// and the processor carries out the repository work on a throw-away repository.
/// </summary>
internal sealed class DemoRunner(CliConsole console, string workFolder, bool json)
{
    private const int TicketId = 1;
    private const string MajorReleaseName = "umd-4";

    private readonly List<Action<Utf8JsonWriter>> _jsonTransitions = [];

    public string RepositoryRoot => Path.Combine(workFolder, "repository");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var missing = DemoSigning.Missing();
        using var signing = missing.Count == 0 ? await DemoSigning.CreateAsync(workFolder, cancellationToken).ConfigureAwait(false) : null;
        var release = await DemoRelease.CreateAsync(Path.Combine(workFolder, "provider"), Path.Combine(workFolder, "ticket"), signing, cancellationToken)
            .ConfigureAwait(false);
        var (protocol, transportNote) = ChooseTransport();
        var syncUrl = protocol == "rsync" ? release.ProviderRoot : new Uri(release.ProviderRoot).AbsoluteUri;

        var gateway = new InMemoryTicketGateway(time);
        var ticketId = gateway.CreateTicket(
            new Dictionary<string, string>
            {
                [TicketField.AssociatedMajorRelease.ToName()] = MajorReleaseName,
                [TicketField.SyncProtocol.ToName()] = protocol,
                [TicketField.SyncUrl.ToName()] = syncUrl,
                [TicketField.EmergencyRelease.ToName()] = "No",
            },
            new Dictionary<string, byte[]> { ["release.xml"] = DemoRelease.ReleaseXmlBytes, ["checksums.xml"] = release.ManifestBytes });

        var workflowOptions = new WorkflowOptions();
        var slots = new InMemoryStageRolloutSlots();
        var workflow = new RolloutWorkflow(workflowOptions, slots, time);
        var ticket = workflow.CreateTicket(ticketId, MajorRelease.Parse(MajorReleaseName), "INFN (technology provider)");
        Require(workflow.WriteField(ticket, TicketField.ReleaseMetadata, "release.xml", TicketWriter.SoftwareProvider));

        var queue = new InMemoryRequestQueue(time);
        var options = new ProvisioningOptions { RepositoryRoot = RepositoryRoot, Publication = signing?.Options };
        using var http = new HttpClient();
        var actions = new RepositoryActions(Options.Create(options), new RepositoryPlanner(), new TransportFactory(new TransportOptions(), http));
        var processor = new ProvisioningProcessor(queue, gateway, actions, Options.Create(options), Options.Create(workflowOptions), time);

        var descriptor = release.Descriptor;
        Line($"swrel demo: one release through the EGI software-release workflow, on a throw-away repository");
        Line($"  work folder:  {workFolder}");
        Line($"  release:      {descriptor.ProductShortName} {descriptor.Version} ({descriptor.Packages.Length} packages), {MajorReleaseName}, {(descriptor.Incremental == true ? "incremental" : "non-incremental")}");
        Line($"  attachments:  release.xml, checksums.xml (Metalink 4, sha-256)");
        Line($"  transport:    {protocol} ({transportNote}); SyncURL {syncUrl}");
        Line(signing is not null
            ? "  signing:      a throw-away GnuPG key; each area is a signed yum repository (rpmsign, createrepo_c, repomd.xml.asc)"
            : $"  signing:      none: {string.Join(", ", missing)} not found, so no index is built; the Debian packages {DemoSigning.DebianPackages} add the index and the signature");

        var step = 0;
        foreach (var walk in DemoWalk.Steps)
        {
            step++;
            var from = ticket.RolloutProgress;
            Line("");
            Line($"[{step}] {from.ToName()} -> {walk.To.ToName()} by {walk.Actor}");
            if (walk.ReportField is { } field)
            {
                var reportField = field == "VerificationReport" ? TicketField.VerificationReport : TicketField.StageRolloutReport;
                var writer = walk.Actor == RolloutActor.StageRolloutTeam ? TicketWriter.StageRolloutTeam : TicketWriter.VerificationTeam;
                Require(workflow.WriteField(ticket, reportField, walk.ReportUrl, writer));
                Line($"    {field} = {walk.ReportUrl}");
            }

            var fired = workflow.Fire(ticket, walk.To, new TransitionContext(walk.Actor));
            if (!fired.IsApplied)
            {
                return Fail($"the workflow refused {from.ToName()} -> {walk.To.ToName()}: {fired.Reason}");
            }

            if (walk.To == RolloutProgress.StageRollout)
            {
                slots.Occupy(MajorReleaseName, ticketId);
            }

            var notifications = fired.Notifications;
            Line($"    notified:  {Notified(notifications)}");

            gateway.Move(ticketId, walk.To, walk.Actor.ToString());
            await queue.EnqueueAsync(new ProvisioningRequest(ticketId, from, walk.To, Emergency: false), cancellationToken).ConfigureAwait(false);
            Line($"    request:   Ticket_Id={ticketId}&Previous_Rollout_Progress={from.ToName()}&Current_Rollout_Progress={walk.To.ToName()}&Emergency_Release=No");

            var report = await processor.ProcessNextAsync(cancellationToken).ConfigureAwait(false);
            if (report is null)
            {
                return Fail("the request did not reach the queue.");
            }

            foreach (var plan in report.Plans)
            {
                Line("    plan:      " + RepositoryPlanText.ToText(plan).TrimEnd().Replace("\n", "\n               ", StringComparison.Ordinal));
            }

            Line($"    pipeline:  {report.Outcome}: {report.Message}");
            var snapshot = (await gateway.GetTicketAsync(ticketId, cancellationToken).ConfigureAwait(false))!;
            Line($"    ticket:    RolloutProgress={snapshot.RolloutProgress.ToName()}, RepositoryURL={snapshot.RepositoryUrl ?? "(none)"}");
            RecordJson(from, walk, notifications, report, snapshot);
            if (report.Outcome != ProcessingOutcome.Succeeded)
            {
                foreach (var comment in gateway.Comments(ticketId))
                {
                    console.Error.WriteLine($"swrel: ticket comment: {comment}");
                }

                return Fail($"the pipeline did not carry out {from.ToName()} -> {walk.To.ToName()}.");
            }

            if (snapshot.RepositoryUrl is { } url)
            {
                Require(workflow.WriteField(ticket, TicketField.RepositoryUrl, url, TicketWriter.Repo));
            }
        }

        var tree = Tree(RepositoryRoot);
        Line("");
        Line("final tree (repository root):");
        foreach (var (path, size) in tree)
        {
            Line($"  {path}  ({size.ToString(CultureInfo.InvariantCulture)} bytes)");
        }

        Line("");
        Line($"history: {string.Join(" -> ", ticket.History.Entries.Select(e => e.State.ToName()))}");
        WriteJson(ticket, tree);
        return ExitCodes.Ok;
    }

    private static (string Protocol, string Note) ChooseTransport()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(folder, "rsync")))
            {
                return ("rsync", "the rsync program was found");
            }
        }

        return ("file", "rsync was not found, so the release is copied");
    }

    private static string Notified(NotificationSet? notifications)
    {
        if (notifications is null)
        {
            return "nobody";
        }

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

    private static void Require(FieldWriteResult write)
    {
        if (!write.Succeeded)
        {
            throw new InvalidOperationException(write.Error);
        }
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

    private void RecordJson(RolloutProgress from, DemoWalk walk, NotificationSet? notifications, ProcessingReport report, TicketSnapshot snapshot) =>
        _jsonTransitions.Add(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("from", from.ToName());
            writer.WriteString("to", walk.To.ToName());
            writer.WriteString("actor", walk.Actor.ToString());
            writer.WriteStartObject("notifications");
            writer.WriteString("recipients", notifications?.Recipients.ToString() ?? "None");
            writer.WriteStartArray("ccGroups");
            foreach (var group in notifications?.CcGroups ?? [])
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
            writer.WriteString("adminCc", notifications?.AdminCc);
            writer.WriteEndObject();
            writer.WriteStartArray("plans");
            foreach (var plan in report.Plans)
            {
                RepositoryPlanJson.Write(writer, plan);
            }

            writer.WriteEndArray();
            writer.WriteString("outcome", report.Outcome.ToString());
            writer.WriteString("rolloutProgress", snapshot.RolloutProgress.ToName());
            writer.WriteString("repositoryUrl", snapshot.RepositoryUrl);
            writer.WriteEndObject();
        });

    private void WriteJson(Ticket ticket, List<(string Path, long Size)> tree)
    {
        if (!json)
        {
            return;
        }

        CliJson.Write(console.Out, writer =>
        {
            writer.WriteStartObject();
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
