using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using SwRel.Domain.History;
using SwRel.Domain.Requests;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>swrel ticket create|show|set|attach|comment</c>: the embedded ticket store of the daemon's data folder (SPEC §12.1),
/// used as people use RT. <c>set</c> obeys the SPEC §3 write rules and the §2.1 actor column, and a RolloutProgress
/// change is posted to the daemon exactly as RT's scrip posts it (SPEC §6); the answer becomes CommunicationStatus.
/// </summary>
internal static class TicketCommand
{
    /// <summary>The environment variable that holds the daemon's write token.</summary>
    public const string TokenVariable = "SWREL_API_TOKEN";

    private const long MaxAttachmentBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan PostTimeout = TimeSpan.FromSeconds(30);

    public static Command Create(CliConsole console)
    {
        var command = new Command("ticket", "The embedded ticket store: create, show and change release tickets as RT's users do.");
        command.Subcommands.Add(CreateTicket(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Set(console));
        command.Subcommands.Add(Attach(console));
        command.Subcommands.Add(Comment(console));
        return command;
    }

    private static Option<TicketWriter> Actor() => new("--as")
    {
        Description = "Who acts: SoftwareProvider, VerificationTeam, StageRolloutTeam, Repo or Admin (the field rules and the transition table's actor column).",
        HelpName = "ACTOR",
        Required = true,
        CustomParser = result => CommonOptions.ParseName(result, "--as", TicketWriter.SoftwareProvider),
    };

    private static SqliteTicketStore OpenStore(DataFolder data, bool create = false) =>
        new(create ? data.Tickets : data.Existing(data.Tickets, "ticket store"));

    private static KeyValuePair<string, string> Assignment(string text, string what)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? new(text[..equals].Trim(), text[(equals + 1)..])
            : throw new UsageException($"{what} '{text}' must be NAME=VALUE, for example SyncProtocol=https.");
    }

    private static Command CreateTicket(CliConsole console)
    {
        var fields = new Option<string[]>("--field")
        {
            Description = "A field as NAME=VALUE (repeat it); AssociatedMajorRelease is required. Written as the SoftwareProvider.",
            HelpName = "NAME=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var attach = new Option<string[]>("--attach") { Description = "A file to attach under its own name (repeat it): release.xml, checksums.xml.", HelpName = "FILE" };
        var submitter = new Option<string>("--submitted-by")
        {
            Description = "Who submits the ticket, for its history. Default: the user's name.",
            HelpName = "NAME",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var dataDir = DataFolder.Option();
        var format = CommonOptions.Format();
        var command = new Command("create", "Create a Submitted ticket as a software provider does.");
        command.Options.Add(fields);
        command.Options.Add(attach);
        command.Options.Add(submitter);
        command.Options.Add(dataDir);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var text in parseResult.GetValue(fields) ?? [])
            {
                var (name, value) = Assignment(text, "--field");
                values[name] = value;
            }

            var files = (parseResult.GetValue(attach) ?? []).Select(f => (Name: Path.GetFileName(f), Content: ReadAttachment(f))).ToList();
            var store = OpenStore(DataFolder.Resolve(parseResult.GetValue(dataDir)), create: true);
            var created = await store.CreateTicketAsync(values, parseResult.GetValue(submitter)!, cancellationToken).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                return Refused(console, "create", created);
            }

            foreach (var (name, content) in files)
            {
                var attached = await store.AttachAsync(created.TicketId, name, content, TicketWriter.SoftwareProvider, cancellationToken).ConfigureAwait(false);
                if (!attached.Succeeded)
                {
                    return Refused(console, "create", attached);
                }
            }

            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                CliJson.Write(console.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteNumber("ticket", created.TicketId);
                    json.WriteEndObject();
                });
            }
            else
            {
                console.Out.WriteLine($"created ticket #{created.TicketId}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<int>("ID") { Description = "The ticket's number." };
        var dataDir = DataFolder.Option();
        var format = CommonOptions.Format();
        var command = new Command("show", "Show a ticket: RolloutProgress, fields, state history, attachments and comments.");
        command.Arguments.Add(id);
        command.Options.Add(dataDir);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var ticketId = parseResult.GetValue(id);
            var store = OpenStore(DataFolder.Resolve(parseResult.GetValue(dataDir)));
            if (await store.GetTicketAsync(ticketId, cancellationToken).ConfigureAwait(false) is not { } ticket)
            {
                console.Error.WriteLine($"swrel ticket show: there is no ticket #{ticketId}.");
                return ExitCodes.Invalid;
            }

            var attachments = await store.GetAttachmentNamesAsync(ticketId, cancellationToken).ConfigureAwait(false);
            var comments = await store.GetCommentsAsync(ticketId, cancellationToken).ConfigureAwait(false);
            var history = ticket.History;
            var stored = await store.GetFieldsAsync(ticketId, cancellationToken).ConfigureAwait(false) ?? new Dictionary<string, string>();
            var fields = stored.Where(f => f.Key != "StateHistory").OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                CliJson.Write(console.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteNumber("ticket", ticket.Id);
                    json.WriteString("rolloutProgress", ticket.RolloutProgress.ToName());
                    json.WriteString("sinceUtc", Time(ticket.RolloutProgressSinceUtc));
                    json.WriteStartObject("fields");
                    fields.ForEach(f => json.WriteString(f.Key, f.Value));
                    json.WriteEndObject();
                    if (ticket.LastFailedTransition is { } failed)
                    {
                        json.WriteStartObject("lastFailedTransition");
                        json.WriteString("from", failed.From.ToName());
                        json.WriteString("to", failed.To.ToName());
                        json.WriteString("message", failed.Message);
                        json.WriteEndObject();
                    }
                    else
                    {
                        json.WriteNull("lastFailedTransition");
                    }

                    json.WriteStartArray("history");
                    foreach (var entry in history.Entries)
                    {
                        json.WriteStartObject();
                        json.WriteString("state", entry.State.ToName());
                        json.WriteString("enteredAtUtc", Time(entry.EnteredAtUtc));
                        json.WriteString("actor", entry.Actor);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteStartArray("attachments");
                    foreach (var name in attachments)
                    {
                        json.WriteStringValue(name);
                    }

                    json.WriteEndArray();
                    json.WriteStartArray("comments");
                    foreach (var comment in comments)
                    {
                        json.WriteStartObject();
                        json.WriteString("atUtc", Time(comment.AtUtc));
                        json.WriteString("author", comment.Author);
                        json.WriteString("text", comment.Text);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            var output = console.Out;
            output.WriteLine($"ticket #{ticket.Id}: {ticket.RolloutProgress.ToName()} since {Time(ticket.RolloutProgressSinceUtc)}");
            foreach (var (name, value) in fields)
            {
                output.WriteLine($"  {name}: {value}");
            }

            if (ticket.LastFailedTransition is { } last)
            {
                output.WriteLine($"  last failed transition: {last.From.ToName()} -> {last.To.ToName()}: {last.Message}");
            }

            output.WriteLine("history:");
            foreach (var entry in history.Entries)
            {
                output.WriteLine($"  {Time(entry.EnteredAtUtc)}  {entry.State.ToName()}  by {entry.Actor}");
            }

            output.WriteLine($"attachments: {(attachments.Count == 0 ? "none" : string.Join(", ", attachments))}");
            output.WriteLine(comments.Count == 0 ? "comments: none" : "comments:");
            foreach (var comment in comments)
            {
                output.WriteLine($"  {Time(comment.AtUtc)}  {comment.Author}: {comment.Text}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Set(CliConsole console)
    {
        var id = new Argument<int>("ID") { Description = "The ticket's number." };
        var changes = new Argument<string[]>("NAME=VALUE") { Description = "The fields to write, in order; RolloutProgress=STATE asks for a transition.", Arity = ArgumentArity.OneOrMore };
        var actor = Actor();
        var person = new Option<string?>("--name") { Description = "The person acting, for the history (default: the actor).", HelpName = "NAME" };
        var reason = new Option<string?>("--reason") { Description = "The reason, for transitions that need one (rejections, ignores).", HelpName = "TEXT" };
        var server = new Option<string?>("--server")
        {
            Description = "The daemon's URL, where a RolloutProgress change is posted (default: Urls in the data folder's appsettings.json).",
            HelpName = "URL",
        };
        var tokenFile = new Option<string?>("--api-token-file")
        {
            Description = $"A file whose first line is the daemon's write token (default: ${TokenVariable}).",
            HelpName = "FILE",
        };
        var dataDir = DataFolder.Option();
        var command = new Command(
            "set",
            "Write fields of a ticket as an actor, under the field rules and the transition table; a RolloutProgress change is posted to the daemon as RT does, and its answer stored in CommunicationStatus.");
        command.Arguments.Add(id);
        command.Arguments.Add(changes);
        command.Options.Add(actor);
        command.Options.Add(person);
        command.Options.Add(reason);
        command.Options.Add(server);
        command.Options.Add(tokenFile);
        command.Options.Add(dataDir);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var ticketId = parseResult.GetValue(id);
            var assignments = (parseResult.GetValue(changes) ?? []).Select(c => Assignment(c, "a change")).ToList();
            var data = DataFolder.Resolve(parseResult.GetValue(dataDir));
            var serverUrl = parseResult.GetValue(server) is { } serverText
                ? Uri.TryCreate(serverText, UriKind.Absolute, out var given) && given.Scheme is "http" or "https"
                    ? given
                    : throw new UsageException($"--server '{serverText}' must be an absolute http or https URL.")
                : null;
            var store = OpenStore(data);
            var written = await store.WriteAsync(
                ticketId, assignments, parseResult.GetValue(actor), parseResult.GetValue(reason), parseResult.GetValue(person), cancellationToken).ConfigureAwait(false);
            if (!written.Succeeded)
            {
                return Refused(console, "set", written);
            }

            if (written.Transition is not { } transition)
            {
                console.Out.WriteLine($"ticket #{ticketId} updated");
                return ExitCodes.Ok;
            }

            console.Out.WriteLine($"ticket #{ticketId}: {transition.Previous.ToName()} -> {transition.Current.ToName()}");
            var answer = await PostAsync(transition, serverUrl ?? data.ServerUrlFromSettings(), parseResult.GetValue(tokenFile), cancellationToken).ConfigureAwait(false);
            await store.SetCommunicationStatusAsync(ticketId, answer, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine($"CommunicationStatus: {answer}");
            return answer == "OK" ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static Command Attach(CliConsole console)
    {
        var id = new Argument<int>("ID") { Description = "The ticket's number." };
        var file = new Argument<string>("FILE") { Description = "The file to attach." };
        var name = new Option<string?>("--name") { Description = "The attachment's name (default: the file's name); release.xml is the ReleaseMetadata field.", HelpName = "NAME" };
        var actor = Actor();
        var dataDir = DataFolder.Option();
        var command = new Command("attach", "Attach a file to a ticket (replacing one of the same name); release.xml obeys the ReleaseMetadata field's rules.");
        command.Arguments.Add(id);
        command.Arguments.Add(file);
        command.Options.Add(name);
        command.Options.Add(actor);
        command.Options.Add(dataDir);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var ticketId = parseResult.GetValue(id);
            var path = parseResult.GetValue(file)!;
            var attachmentName = parseResult.GetValue(name) ?? Path.GetFileName(path);
            var store = OpenStore(DataFolder.Resolve(parseResult.GetValue(dataDir)));
            var attached = await store.AttachAsync(ticketId, attachmentName, ReadAttachment(path), parseResult.GetValue(actor), cancellationToken).ConfigureAwait(false);
            if (!attached.Succeeded)
            {
                return Refused(console, "attach", attached);
            }

            console.Out.WriteLine($"attached {attachmentName} to ticket #{ticketId}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Comment(CliConsole console)
    {
        var id = new Argument<int>("ID") { Description = "The ticket's number." };
        var text = new Argument<string>("TEXT") { Description = "The comment." };
        var author = new Option<string>("--as")
        {
            Description = "Who comments. Default: the user's name.",
            HelpName = "NAME",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var dataDir = DataFolder.Option();
        var command = new Command("comment", "Add a comment to a ticket.");
        command.Arguments.Add(id);
        command.Arguments.Add(text);
        command.Options.Add(author);
        command.Options.Add(dataDir);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var ticketId = parseResult.GetValue(id);
            var store = OpenStore(DataFolder.Resolve(parseResult.GetValue(dataDir)));
            var who = parseResult.GetValue(author);
            if (string.IsNullOrWhiteSpace(who))
            {
                throw new UsageException("--as must name who comments.");
            }

            if (!await store.AddCommentAsync(ticketId, parseResult.GetValue(text)!, who, cancellationToken).ConfigureAwait(false))
            {
                console.Error.WriteLine($"swrel ticket comment: there is no ticket #{ticketId}.");
                return ExitCodes.Invalid;
            }

            console.Out.WriteLine($"commented on ticket #{ticketId}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Posts the §6 request form-encoded, as RT's scrip does, and returns the daemon's answer for CommunicationStatus.</summary>
    private static async Task<string> PostAsync(ProvisioningRequest request, Uri? server, string? tokenFile, CancellationToken cancellationToken)
    {
        if (server is null)
        {
            return "Not sent: no daemon URL; give --server URL, or set Urls in the data folder's appsettings.json.";
        }

        var token = tokenFile is not null
            ? File.ReadLines(tokenFile).FirstOrDefault()?.Trim()
            : Environment.GetEnvironmentVariable(TokenVariable)?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            return tokenFile is not null
                ? $"Not sent: the token file {tokenFile} is empty."
                : $"Not sent: no API token; set {TokenVariable} or give --api-token-file FILE.";
        }

        return await PostTransitionAsync(request, server, token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Posts the §6 request form-encoded with the write token, as RT's scrip does, and returns the daemon's answer for
    /// CommunicationStatus: <c>OK</c>, its messages, or why it could not be reached. <c>swrel demo</c> posts the same way.
    /// </summary>
    internal static async Task<string> PostTransitionAsync(ProvisioningRequest request, Uri server, string token, CancellationToken cancellationToken)
    {
        var target = new Uri(server, "/api/requests");
        using var client = new HttpClient { Timeout = PostTimeout };
        using var message = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new FormUrlEncodedContent(
            [
                new(TransitionRequestParser.TicketIdField, request.TicketId.ToString(CultureInfo.InvariantCulture)),
                new(TransitionRequestParser.CurrentField, request.Current.ToName()),
                new(TransitionRequestParser.PreviousField, request.Previous.ToName()),
                new(TransitionRequestParser.EmergencyField, request.Emergency ? "Yes" : "No"),
            ]),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            if (response.StatusCode == System.Net.HttpStatusCode.Accepted && body == "OK")
            {
                return "OK";
            }

            return body.Length > 0 && (int)response.StatusCode == 400
                ? body
                : $"The daemon at {target} answered {(int)response.StatusCode} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : "")}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"The daemon at {target} could not be reached: {e.Message}";
        }
    }

    private static byte[] ReadAttachment(string path)
    {
        using var stream = SwRel.IO.RegularFile.OpenRead(path, MaxAttachmentBytes, "an attachment");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static int Refused(CliConsole console, string command, TicketWriteResult result)
    {
        foreach (var error in result.Errors)
        {
            console.Error.WriteLine($"swrel ticket {command}: {error}");
        }

        return ExitCodes.Invalid;
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
