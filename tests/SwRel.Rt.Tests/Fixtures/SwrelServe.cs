using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SwRel.Rt.Tests.Fixtures;

/// <summary>
/// The real <c>swrel serve</c> as a child process on a loopback port, with RT as its ticket system, over a data folder of
/// its own; stopped on dispose. Keeps the daemon's log for failure messages.
/// </summary>
public sealed class SwrelServe : IAsyncDisposable
{
    public const string Token = "seed-loop-daemon-token-0123456789abcdef";

    private readonly LoopbackPort port;
    private readonly Process process;
    private readonly StringBuilder log;
    private readonly HttpClient client;

    private SwrelServe(string dataFolder, LoopbackPort port, Uri address, Process process, StringBuilder log)
    {
        DataFolder = dataFolder;
        this.port = port;
        Address = address;
        this.process = process;
        this.log = log;
        client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public string DataFolder { get; }

    /// <summary>The repository root (the data folder's <c>repository/</c>).</summary>
    public string RepositoryRoot => Path.Combine(DataFolder, "repository");

    public Uri Address { get; }

    /// <summary>Where RT's scrip posts each change (<c>$SwRelDaemonUrl</c>).</summary>
    public static Uri TransitionUrl(int port) => new($"http://127.0.0.1:{port}/api/requests");

    /// <summary>The daemon's log so far.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                // The last lines say what the daemon was doing when a wait ran out; the whole log can be megabytes.
                var text = log.ToString();
                return text.Length <= 20_000 ? text : "…" + text[^20_000..];
            }
        }
    }

    /// <summary>
    /// Starts the daemon on <paramref name="port"/>, which it then holds until disposed, logged in to RT as the fixture's daemon
    /// user, and waits until it answers.
    /// </summary>
    public static async Task<SwrelServe> StartAsync(LoopbackPort port, Uri rtUrl)
    {
        ArgumentNullException.ThrowIfNull(port);
        var data = Directory.CreateTempSubdirectory("swrel-seed-loop-").FullName;
        var address = new Uri($"http://127.0.0.1:{port.Port}/");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ToolPath(), "serve", "--data-dir", data, "--listen", address.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SWREL_API_TOKEN"] = Token;
        start.Environment["SWREL_Tickets__Rt__Url"] = rtUrl.ToString();
        start.Environment["SWREL_RT_USER"] = RtFixture.Daemon;
        start.Environment["SWREL_RT_PASSWORD"] = RtFixture.Password;
        start.Environment["SWREL_Tickets__Rt__Timeout"] = "00:00:10";
        start.Environment["SWREL_Pipeline__PollInterval"] = "00:00:00.200";
        // A request whose ticket system failed comes back after seconds rather than the production default of a minute.
        start.Environment["SWREL_Pipeline__RetryDelay"] = "00:00:01";
        // The daemon's own events tell what happened to each request; the HTTP client's and Polly's lines would drown them.
        start.Environment["SWREL_Logging__LogLevel__Default"] = "Warning";
        start.Environment["SWREL_Logging__LogLevel__SwRel"] = "Information";
        var process = Process.Start(start) ?? throw new InvalidOperationException("swrel serve did not start.");
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new SwrelServe(data, port, address, process, log);
        try
        {
            await daemon.WaitUntilHealthyAsync();
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    /// <summary>
    /// Waits (bounded) until the daemon has finished a request for <paramref name="ticket"/> asking <paramref name="transition"/>
    /// (<c>From -&gt; To</c>) that finished after <paramref name="since"/> and nothing is left in its queue, and returns that outcome.
    /// </summary>
    public async Task<JsonElement> WaitUntilProcessedAsync(int ticket, string transition, DateTimeOffset since, TimeSpan? timeout = null)
    {
        // Generous: a loaded machine takes its time over the fetch, the checks and RT's dozen calls; a wait that runs out
        // fails the test, while one that ends early costs nothing.
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await RequestsAsync();
            var outcome = last.GetProperty("recent").EnumerateArray().FirstOrDefault(r =>
                r.GetProperty("ticketId").GetInt32() == ticket
                && r.GetProperty("transition").GetString() == transition
                && r.GetProperty("outcome").GetString() != "Retrying"
                && r.GetProperty("finishedAtUtc").GetDateTimeOffset() >= since);
            if (outcome.ValueKind == JsonValueKind.Object && last.GetProperty("queue").GetArrayLength() == 0)
            {
                return outcome.Clone();
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"swrel serve did not finish {transition} for ticket {ticket} in time; it shows {last}; its log:\n{Log}");
    }

    /// <summary>Waits (bounded) until the daemon's queue shows a request for <paramref name="ticket"/> kept for a retry after a failed attempt.</summary>
    public async Task<JsonElement> WaitUntilKeptForRetryAsync(int ticket)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await RequestsAsync();
            var waiting = last.GetProperty("queue").EnumerateArray().FirstOrDefault(r =>
                r.GetProperty("ticketId").GetInt32() == ticket
                && r.GetProperty("attempts").GetInt32() >= 1
                && r.GetProperty("lastError").ValueKind == JsonValueKind.String);
            if (waiting.ValueKind == JsonValueKind.Object)
            {
                return waiting.Clone();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"swrel serve never put ticket {ticket}'s request back for a retry; it shows {last}; its log:\n{Log}");
    }

    /// <summary><c>GET /api/requests</c>: the queue and the recent outcomes.</summary>
    public async Task<JsonElement> RequestsAsync()
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("api/requests"));
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        port.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"swrel serve exited ({process.ExitCode}): {Log}");
            }

            try
            {
                using var response = await client.GetAsync("healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"swrel serve did not answer on {Address} within 60 s: {Log}");
    }

    private static string ToolPath()
    {
        // tests/SwRel.Rt.Tests/bin/<Configuration>/net10.0/ → src/SwRel.Cli/bin/<Configuration>/net10.0/swrel.dll
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var repository = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var tool = Path.Combine(repository, "src", "SwRel.Cli", "bin", here.Parent.Name, here.Name, "swrel.dll");
        return File.Exists(tool) ? tool : throw new FileNotFoundException($"Build src/SwRel.Cli first: {tool} is missing.", tool);
    }
}
