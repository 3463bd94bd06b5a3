using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests.Metrics;

/// <summary><c>swrel metrics --rt-url</c>: the release metrics computed from RT's own transactions, by the real swrel.</summary>
[Collection(RtCollection.Name)]
public sealed class MetricsFromRtTests(RtFixture rt)
{
    private static readonly Dictionary<string, string> ProviderFields = new()
    {
        ["SyncProtocol"] = "rsync",
        ["SyncURL"] = "rsync://127.0.0.1/provider/umd-4.5.0",
        ["AssociatedMajorRelease"] = "umd-4",
        ["EmergencyRelease"] = "No",
    };

    // SPEC §7: M.REPO-1 counts tickets created in the month, M.REPO-3 those that entered Production from StageRollout;
    // M.SA1.3-4 is the time from the last StageRollout entry to Production; M.SA1.3-5 from Production to the report.
    [Fact]
    public async Task Metrics_from_RT_count_the_queues_tickets_and_time_each_release_from_its_RT_history()
    {
        var admin = rt.Client(RtFixture.AdminMember);
        // The month is read before and after the tickets are made: a run across midnight at a month's end spans two.
        var from = Month();
        var released = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var waiting = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        foreach (var state in new[] { "Unverified", "InVerification", "StageRollout", "Production" })
        {
            await RtPeople.SetFieldsAsync(admin, released, new Dictionary<string, string> { ["RolloutProgress"] = state });
        }

        await RtPeople.SetFieldsAsync(admin, released, new Dictionary<string, string> { ["StageRolloutReport"] = "https://example.org/report" });
        await RtPeople.SetFieldsAsync(admin, waiting, new Dictionary<string, string> { ["RolloutProgress"] = "Unverified" });
        var to = Month();

        var (exitCode, output, error) = await SwrelAsync("metrics", "--rt-url", rt.Rt.Url.ToString(), "--queue", "sw-rel", "--from", from, "--to", to, "--format", "json");

        Assert.True(exitCode == 0, $"swrel metrics exited {exitCode}: {error}");
        using var json = JsonDocument.Parse(output);
        var months = json.RootElement.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(from == to ? new[] { from } : new[] { from, to }, months.Select(m => m.GetProperty("month").GetString()!).ToArray());
        Assert.True(months.Sum(m => m.GetProperty("M.REPO-1").GetInt32()) >= 2);
        Assert.True(months.Sum(m => m.GetProperty("M.REPO-3").GetInt32()) >= 1);
        var releases = json.RootElement.GetProperty("releases").EnumerateArray().ToList();
        var first = Assert.Single(releases, r => r.GetProperty("ticket").GetString() == released.ToString(CultureInfo.InvariantCulture));
        Assert.NotEqual(JsonValueKind.Null, first.GetProperty("production_at_utc").ValueKind);
        Assert.True(first.GetProperty("M.SA1.3-4_seconds").GetDouble() >= 0);
        Assert.True(first.GetProperty("M.SA1.3-5_seconds").GetDouble() >= 0);
        var second = Assert.Single(releases, r => r.GetProperty("ticket").GetString() == waiting.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("production_at_utc").ValueKind);
    }

    [Fact]
    public async Task Metrics_from_RT_without_credentials_is_a_usage_error_naming_the_variables()
    {
        var (exitCode, _, error) = await SwrelAsync(withCredentials: false, "metrics", "--rt-url", rt.Rt.Url.ToString());

        Assert.Equal(2, exitCode);
        Assert.Contains("SWREL_RT_TOKEN", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_with_both_a_histories_file_and_RT_is_a_usage_error()
    {
        var (exitCode, _, error) = await SwrelAsync("metrics", "--rt-url", rt.Rt.Url.ToString(), "--histories", "histories.csv", "--reports", "reports.csv");

        Assert.Equal(2, exitCode);
        Assert.Contains("--histories FILE or from RT with --rt-url", error, StringComparison.Ordinal);
    }

    private static string Month() => DateTimeOffset.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static Task<(int ExitCode, string Output, string Error)> SwrelAsync(params string[] arguments) => SwrelAsync(true, arguments);

    private static async Task<(int ExitCode, string Output, string Error)> SwrelAsync(bool withCredentials, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ToolPath());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SWREL_RT_TOKEN");
        start.Environment.Remove("SWREL_RT_USER");
        start.Environment.Remove("SWREL_RT_PASSWORD");
        if (withCredentials)
        {
            start.Environment["SWREL_RT_USER"] = RtFixture.AdminMember;
            start.Environment["SWREL_RT_PASSWORD"] = RtFixture.Password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
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
