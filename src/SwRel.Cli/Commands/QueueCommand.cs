using System.CommandLine;
using System.Globalization;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>swrel queue list|retry|drop</c>: the daemon's request queue for operators (SPEC §12.1): what waits, what is being
/// processed, and the dead letters that wait for an operator because the ticket system could not be reached.
/// </summary>
internal static class QueueCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("queue", "The daemon's request queue: list it, retry or drop a request (dead letters wait for this).");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Retry(console));
        command.Subcommands.Add(Drop(console));
        return command;
    }

    private static SqliteRequestQueue OpenQueue(DataFolder data) =>
        new(new SqliteRequestQueueOptions { DatabasePath = data.Existing(data.Queue, "request queue") });

    private static Command List(CliConsole console)
    {
        var dataDir = DataFolder.Option();
        var format = CommonOptions.Format();
        var command = new Command("list", "List every queued request with its state (waiting, leased, dead-letter), attempts and last error.");
        command.Options.Add(dataDir);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var requests = await OpenQueue(DataFolder.Resolve(parseResult.GetValue(dataDir))).ListAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                CliJson.Write(console.Out, json =>
                {
                    json.WriteStartArray();
                    foreach (var r in requests)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("id", r.RequestId);
                        json.WriteNumber("ticket", r.Request.TicketId);
                        json.WriteString("previous", r.Request.Previous.ToName());
                        json.WriteString("current", r.Request.Current.ToName());
                        json.WriteBoolean("emergency", r.Request.Emergency);
                        json.WriteString("state", StateName(r.State));
                        json.WriteNumber("attempts", r.Attempts);
                        json.WriteString("enqueuedAtUtc", Time(r.EnqueuedAtUtc, "O"));
                        json.WriteString("visibleAtUtc", Time(r.VisibleAtUtc, "O"));
                        json.WriteString("lastError", r.LastError);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                });
            }
            else if (requests.Count == 0)
            {
                console.Out.WriteLine("The queue is empty.");
            }
            else
            {
                TextTable.Write(
                    console.Out,
                    ["ID", "TICKET", "TRANSITION", "STATE", "ATTEMPTS", "QUEUED (UTC)", "LAST ERROR"],
                    [.. requests.Select(r => new[]
                    {
                        r.RequestId.ToString(CultureInfo.InvariantCulture),
                        "#" + r.Request.TicketId.ToString(CultureInfo.InvariantCulture),
                        $"{r.Request.Previous.ToName()} -> {r.Request.Current.ToName()}{(r.Request.Emergency ? " (emergency)" : "")}",
                        StateName(r.State),
                        r.Attempts.ToString(CultureInfo.InvariantCulture),
                        Time(r.EnqueuedAtUtc, "yyyy-MM-dd HH:mm:ss"),
                        r.LastError ?? "-",
                    })]);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Retry(CliConsole console)
    {
        var id = new Argument<long>("ID") { Description = "The request's id, as 'swrel queue list' shows it." };
        var dataDir = DataFolder.Option();
        var command = new Command("retry", "Let the daemon take a dead-letter (or delayed) request again now, with all its attempts.");
        command.Arguments.Add(id);
        command.Options.Add(dataDir);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var requestId = parseResult.GetValue(id);
            var queue = OpenQueue(DataFolder.Resolve(parseResult.GetValue(dataDir)));
            if (await queue.RetryAsync(requestId, cancellationToken).ConfigureAwait(false))
            {
                console.Out.WriteLine($"request {requestId} will be taken again now");
                return ExitCodes.Ok;
            }

            console.Error.WriteLine($"swrel queue retry: {await WhyNotAsync(queue, requestId, cancellationToken).ConfigureAwait(false)}");
            return ExitCodes.Invalid;
        });
        return command;
    }

    private static Command Drop(CliConsole console)
    {
        var id = new Argument<long>("ID") { Description = "The request's id, as 'swrel queue list' shows it." };
        var dataDir = DataFolder.Option();
        var command = new Command(
            "drop",
            "Remove a request that no processor holds, without carrying it out; the ticket is told in a comment when it is in the data folder's ticket store.");
        command.Arguments.Add(id);
        command.Options.Add(dataDir);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var requestId = parseResult.GetValue(id);
            var data = DataFolder.Resolve(parseResult.GetValue(dataDir));
            var queue = OpenQueue(data);
            var why = await WhyNotAsync(queue, requestId, cancellationToken).ConfigureAwait(false);
            if (await queue.DropAsync(requestId, cancellationToken).ConfigureAwait(false) is not { } dropped)
            {
                console.Error.WriteLine($"swrel queue drop: {why}");
                return ExitCodes.Invalid;
            }

            var request = dropped.Request;
            console.Out.WriteLine($"dropped request {requestId}: ticket #{request.TicketId} {request.Previous.ToName()} -> {request.Current.ToName()}");
            var comment =
                $"An operator dropped the repository's request for {request.Previous.ToName()} -> {request.Current.ToName()}: the repository did not carry it out"
                + (dropped.LastError is { } error ? $" (it had failed {dropped.Attempts} time{(dropped.Attempts == 1 ? "" : "s")}: {error})" : "")
                + ". Move the ticket again to ask for it anew.";
            if (!File.Exists(data.Tickets))
            {
                console.Out.WriteLine($"The ticket was not told: there is no ticket store at {data.Tickets} (comment on it in the ticket system).");
            }
            else if (!await new SqliteTicketStore(data.Tickets).AddCommentAsync(request.TicketId, comment, "Repo", cancellationToken).ConfigureAwait(false))
            {
                console.Out.WriteLine($"The ticket was not told: the ticket store at {data.Tickets} has no ticket #{request.TicketId}.");
            }
            else
            {
                console.Out.WriteLine($"commented on ticket #{request.TicketId}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> WhyNotAsync(IRequestQueue queue, long requestId, CancellationToken cancellationToken)
    {
        var listed = await queue.FindAsync(requestId, cancellationToken).ConfigureAwait(false);
        return listed is null
            ? $"there is no request {requestId} in the queue (it was completed or dropped); 'swrel queue list' shows what is there."
            : $"request {requestId} is being processed now; wait for the processor to finish or give it back.";
    }

    private static string StateName(QueuedRequestState state) => state switch
    {
        QueuedRequestState.Leased => "leased",
        QueuedRequestState.DeadLetter => "dead-letter",
        _ => "waiting",
    };

    private static string Time(DateTimeOffset value, string format) => value.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
}
