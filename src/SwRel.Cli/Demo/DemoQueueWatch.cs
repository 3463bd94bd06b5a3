using System.Globalization;
using System.Text.Json;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;

namespace SwRel.Cli.Demo;

/// <summary>
/// Waits, by reading the daemon's <c>GET /api/requests</c> as an operator's script would, until the daemon has
/// finished a request it accepted: the POST only says the request is queued.
/// </summary>
internal sealed class DemoQueueWatch(HttpClient client, Uri daemon)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    // Outcomes of earlier requests of the same ticket and transition are not this request's.
    private readonly HashSet<long> _finished = [];

    /// <summary>Returns the daemon's outcome for <paramref name="request"/>, once it is final (not a retry).</summary>
    /// <exception cref="TimeoutException">The daemon did not finish it within <paramref name="limit"/>; the message says where it stands.</exception>
    public async Task<DemoOutcome> WaitAsync(ProvisioningRequest request, TimeSpan limit, CancellationToken cancellationToken)
    {
        var transition = $"{request.Previous.ToName()} -> {request.Current.ToName()}";
        var target = new Uri(daemon, "api/requests");
        var deadline = DateTimeOffset.UtcNow + limit;
        var state = "the daemon's queue could not be read";
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(target, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    state = $"GET {target} answered {(int)response.StatusCode} {response.ReasonPhrase}";
                }
                else if (Find(body, request.TicketId, transition, ref state) is { } outcome)
                {
                    _finished.Add(outcome.RequestId);
                    return outcome;
                }
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                state = $"GET {target} failed: {e.Message}";
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"the daemon at {daemon} did not finish {transition} of ticket #{request.TicketId} within "
                    + $"{limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds: {state}; its queue is at {target}.");
            }

            await Task.Delay(PollEvery, cancellationToken).ConfigureAwait(false);
        }
    }

    private DemoOutcome? Find(string body, int ticketId, string transition, ref string state)
    {
        using var document = JsonDocument.Parse(body);
        foreach (var recent in document.RootElement.GetProperty("recent").EnumerateArray())
        {
            var id = recent.GetProperty("requestId").GetInt64();
            var outcome = recent.GetProperty("outcome").GetString() ?? "";
            if (recent.GetProperty("ticketId").GetInt32() == ticketId
                && recent.GetProperty("transition").GetString() == transition
                && outcome != nameof(ProcessingOutcome.Retrying)
                && !_finished.Contains(id))
            {
                return new DemoOutcome(id, outcome, recent.GetProperty("message").GetString() ?? "");
            }
        }

        state = "the request is not in the queue and has no outcome yet";
        foreach (var queued in document.RootElement.GetProperty("queue").EnumerateArray())
        {
            if (queued.GetProperty("ticketId").GetInt32() == ticketId && queued.GetProperty("transition").GetString() == transition)
            {
                var attempts = queued.GetProperty("attempts").GetInt32();
                var error = queued.TryGetProperty("lastError", out var last) && last.ValueKind == JsonValueKind.String ? $" (last error: {last.GetString()})" : "";
                state = $"the request is {queued.GetProperty("state").GetString()} after {attempts.ToString(CultureInfo.InvariantCulture)} attempt{(attempts == 1 ? "" : "s")}{error}";
            }
        }

        return null;
    }
}
