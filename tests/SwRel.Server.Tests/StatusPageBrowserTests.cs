using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Pipeline.Tests;
using SwRel.Repository.Layout;

namespace SwRel.Server.Tests;

// The status page is checked as people see it: in a real browser (Debian's chromium, headless).
public sealed class StatusPageBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static async Task<(int ExitCode, string Output)> ChromiumAsync(string userData, params string[] arguments)
    {
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={userData}", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        // The deadline covers reading the output too: a browser that hangs keeps its output open and never ends it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 3 minutes.");
        }
    }

    [Fact]
    public async Task The_status_page_shows_the_outcomes_the_slots_and_the_catalogue_in_headless_Chromium()
    {
        Assert.True(File.Exists(Chromium), "chromium is missing; run tests/install-test-programs.sh.");
        // The chart's months are those of the history entries: on the system's clock a month could end between a move and
        // the month the test expects.
        var time = new ManualTimeProvider();
        await using var host = await ServerHost.StartAsync(ticketTime: time);
        var ticket = host.Gateway.CreateTicket(new Dictionary<string, string>
        {
            [TicketField.AssociatedMajorRelease.ToName()] = "umd-4",
            [TicketField.SyncProtocol.ToName()] = "file",
            [TicketField.SyncUrl.ToName()] = "file:///nowhere",
            [TicketField.EmergencyRelease.ToName()] = "No",
        });
        time.Advance(TimeSpan.FromHours(3));
        host.Gateway.Move(ticket, RolloutProgress.Unverified);
        await host.Services.GetRequiredService<IReleaseCatalogue>().RecordAsync(
            new ReleaseCatalogueEntry
            {
                TicketId = ticket,
                Product = "frontier-squid",
                Version = "4.15-2.1",
                MajorRelease = "umd-4",
                Area = RepositoryArea.Unverified,
                Path = "umd-4/unverified/frontier-squid-4.15-2.1",
                ChecksumsVerified = true,
                RecordedAtUtc = DateTimeOffset.UtcNow,
            },
            default);
        using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/requests"))
        {
            post.Content = new StringContent($"Ticket_Id={ticket}&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No", Encoding.UTF8, "application/x-www-form-urlencoded");
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerHost.Token);
            (await host.Client.SendAsync(post)).Dispose();
        }

        await ServerHost.UntilAsync(async () => (await host.Client.GetStringAsync("/api/requests")).Contains("Succeeded", StringComparison.Ordinal));

        var userData = Path.Combine(host.Folder, "chromium");
        var page = new Uri(host.Client.BaseAddress!, "/").ToString();
        var (exit, dom) = await ChromiumAsync(userData, "--dump-dom", page);
        var screenshot = Path.Combine(host.Folder, "status.png");
        var (shotExit, _) = await ChromiumAsync(userData, $"--screenshot={screenshot}", "--window-size=1280,900", page);

        Assert.Equal(0, exit);
        Assert.Contains("<h1>SwRel repository daemon</h1>", dom, StringComparison.Ordinal);
        Assert.Contains($"<td>#{ticket}</td><td>Submitted -&gt; Unverified</td><td class=\"Succeeded\">Succeeded</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td>umd-4</td><td>free</td><td>none</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td>frontier-squid</td><td>4.15-2.1</td>", dom, StringComparison.Ordinal);

        // The metrics chart, drawn from the ticket's history (Submitted, then Unverified in the same month): one delivery.
        var month = time.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("<section id=\"metrics\"><h2>Release metrics</h2><svg ", dom, StringComparison.Ordinal);
        Assert.Contains($"<title>{month}: M.REPO-1 delivered: 1</title>", dom, StringComparison.Ordinal);
        Assert.Contains($"<title>{month}: M.REPO-2 passed verification: 0</title>", dom, StringComparison.Ordinal);
        Assert.Contains("M.SA1.3-4 median", dom, StringComparison.Ordinal);
        Assert.Equal(0, shotExit);
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 1000, $"The screenshot has only {png.Length} bytes.");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task The_catalogue_search_on_the_page_finds_only_matching_releases()
    {
        await using var host = await ServerHost.StartAsync();
        var catalogue = host.Services.GetRequiredService<IReleaseCatalogue>();
        foreach (var product in new[] { "frontier-squid", "argus" })
        {
            await catalogue.RecordAsync(
                new ReleaseCatalogueEntry
                {
                    Product = product,
                    Version = "1.0",
                    MajorRelease = "umd-4",
                    Area = RepositoryArea.Production,
                    Path = $"umd-4/production/{product}-1.0",
                    RecordedAtUtc = DateTimeOffset.UtcNow,
                },
                default);
        }

        var html = await host.Client.GetStringAsync("/?search=argus");

        Assert.Contains("<td>argus</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>frontier-squid</td>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"argus\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_page_draws_the_metrics_chart_with_every_series_from_the_ticket_histories()
    {
        var time = new ManualTimeProvider();
        await using var host = await ServerHost.StartAsync(ticketTime: time);
        var ticket = host.Gateway.CreateTicket(new Dictionary<string, string> { [TicketField.AssociatedMajorRelease.ToName()] = "umd-4" });
        foreach (var state in (RolloutProgress[])[RolloutProgress.Unverified, RolloutProgress.InVerification, RolloutProgress.StageRollout, RolloutProgress.Production])
        {
            time.Advance(TimeSpan.FromDays(1));
            host.Gateway.Move(ticket, state);
        }

        await host.Services.GetRequiredService<IReleaseCatalogue>().RecordAsync(
            new ReleaseCatalogueEntry
            {
                TicketId = ticket,
                Product = "argus",
                Version = "1.0",
                MajorRelease = "umd-4",
                Area = RepositoryArea.Production,
                Path = "umd-4/production/argus-1.0",
                RecordedAtUtc = DateTimeOffset.UtcNow,
            },
            default);

        var html = await host.Client.GetStringAsync("/");

        var start = html.IndexOf("<svg ", StringComparison.Ordinal);
        Assert.True(start > html.IndexOf("<section id=\"metrics\">", StringComparison.Ordinal), "The chart is not in the metrics section.");
        var svg = System.Xml.Linq.XDocument.Parse(html[start..(html.IndexOf("</svg>", start, StringComparison.Ordinal) + "</svg>".Length)]);
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var month = time.GetUtcNow().ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var titles = svg.Descendants(ns + "title").Select(t => t.Value).ToList();
        Assert.Contains($"{month}: M.REPO-1 delivered: 1", titles);
        Assert.Contains($"{month}: M.REPO-2 passed verification: 1", titles);
        Assert.Contains($"{month}: M.REPO-3 = M.SA1.3-2 passed stage rollout: 1", titles);
        Assert.Contains($"{month}: M.SA1.3-3 rejected in stage rollout: 0", titles);
        Assert.Contains(titles, t => t.StartsWith($"{month}: M.SA1.3-4 median: ", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith($"{month}: M.SA1.3-4 90th percentile: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_any_ticket_history_the_status_page_says_there_is_no_chart_yet()
    {
        await using var host = await ServerHost.StartAsync();

        var html = await host.Client.GetStringAsync("/");

        Assert.Contains("<section id=\"metrics\"><h2>Release metrics</h2><p>No ticket the daemon knows has a state history yet", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
    }
}
