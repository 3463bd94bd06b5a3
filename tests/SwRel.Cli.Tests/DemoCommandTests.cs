using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SwRel.Cli.Demo;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Cli.Tests;

public sealed class DemoCommandTests
{
    private const string ProductionPath = "sw/production/umd/4/centos7/x86_64/updates";

    [Fact]
    public void The_demo_walks_the_release_to_Production_printing_each_transition_and_the_final_tree()
    {
        var run = ToolRunner.Run("demo");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        foreach (var transition in new[]
        {
            "Submitted -> Unverified", "Unverified -> InVerification", "InVerification -> StageRollout", "StageRollout -> Production",
        })
        {
            Assert.Contains(transition, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("notified:  Repo; CC sw-rel-qc", run.Output, StringComparison.Ordinal);
        Assert.Contains("1. fetch ", run.Output, StringComparison.Ordinal);
        var tree = run.Output[run.Output.IndexOf("final tree", StringComparison.Ordinal)..];
        Assert.Contains($"{ProductionPath}/argus-pap-1.7.3-1.el7.centos.noarch.rpm", tree, StringComparison.Ordinal);
        Assert.Contains($"{ProductionPath}/argus-pdp-1.7.3-1.el7.centos.x86_64.rpm", tree, StringComparison.Ordinal);
        // The set-up script installs createrepo-c, gnupg and rpm, so the production tree is a signed yum repository.
        Assert.Contains("signing:      a throw-away GnuPG key", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{ProductionPath}/repodata/repomd.xml.asc", tree, StringComparison.Ordinal);
        Assert.Contains("keys/RPM-GPG-KEY-swrel", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("sw/unverified/", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("sw/stagerollout/", tree, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Without_keep_the_work_folder_is_removed()
    {
        var run = ToolRunner.Run("demo");

        var line = run.Output.Split('\n').Single(l => l.TrimStart().StartsWith("work folder:", StringComparison.Ordinal));
        var folder = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.False(Directory.Exists(folder), folder);
    }

    [Fact]
    public void With_keep_the_repository_stays_in_the_given_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "swrel-demo-keep-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = ToolRunner.Run("demo", "--keep", folder);

            Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
            var production = Path.Combine(folder, "repository", ProductionPath.Replace('/', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(Path.Combine(production, "argus-pap-1.7.3-1.el7.centos.noarch.rpm")));
            Assert.True(File.Exists(Path.Combine(folder, "ticket", "release.xml")));
            Assert.Contains(folder, run.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Keeping_into_a_folder_that_holds_files_is_a_usage_error()
    {
        var folder = Directory.CreateTempSubdirectory("swrel-demo-full-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "precious.txt"), "keep me");

            var run = ToolRunner.Run("demo", "--keep", folder);

            Assert.Equal(ExitCodes.Usage, run.ExitCode);
            Assert.Contains("must be new or empty", run.Error, StringComparison.Ordinal);
            Assert.Equal("keep me", File.ReadAllText(Path.Combine(folder, "precious.txt")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_json_report_holds_every_transition_with_its_plans_and_the_tree()
    {
        var run = ToolRunner.Run("demo", "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.Equal("Production", root.GetProperty("rolloutProgress").GetString());
        Assert.Equal(ProductionPath, root.GetProperty("repositoryUrl").GetString());
        var transitions = root.GetProperty("transitions").EnumerateArray().ToArray();
        Assert.Equal(["Unverified", "InVerification", "StageRollout", "Production"], transitions.Select(t => t.GetProperty("to").GetString()));
        Assert.All(transitions, t => Assert.Equal("Succeeded", t.GetProperty("outcome").GetString()));
        Assert.Contains(root.GetProperty("tree").EnumerateArray(), f => f.GetProperty("path").GetString()!.StartsWith(ProductionPath + "/", StringComparison.Ordinal));
        Assert.StartsWith("http://127.0.0.1:", root.GetProperty("statusPage").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, transitions.Select(t => t.GetProperty("requestId").GetInt64()).Distinct().Count());
    }

    [Fact]
    public void Each_transition_is_posted_to_a_daemon_on_a_loopback_port_and_waited_for()
    {
        var run = ToolRunner.Run("demo");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var daemon = Value(run.Output, "daemon:");
        Assert.StartsWith("http://127.0.0.1:", daemon, StringComparison.Ordinal);
        var address = daemon.Split(' ')[0];
        Assert.NotEqual("http://127.0.0.1:0/", address);
        Assert.Equal(address, Value(run.Output, "status page:"));
        Assert.Contains(
            $"request:   POST {address}api/requests Ticket_Id=1&Previous_Rollout_Progress=StageRollout&Current_Rollout_Progress=Production&Emergency_Release=No",
            run.Output,
            StringComparison.Ordinal);
        Assert.Equal(4, run.Output.Split('\n').Count(l => l.Trim() == "answer:    OK (CommunicationStatus)"));
        Assert.Contains("daemon:    Succeeded: Ticket #1: StageRollout -> Production done", run.Output, StringComparison.Ordinal);
        Assert.Contains(
            "set:       swrel ticket set 1 StageRolloutReport=https://staged-rollout.example.org/reports/argus-1.7.3 RolloutProgress=Production --as StageRolloutTeam",
            run.Output,
            StringComparison.Ordinal);
        Assert.Contains("history: Submitted -> Unverified -> InVerification -> StageRollout -> Production", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kept_data_folder_is_opened_again_by_swrel_serve_with_the_ticket_and_the_release()
    {
        var folder = Path.Combine(Path.GetTempPath(), "swrel-demo-reopen-" + Guid.NewGuid().ToString("N"));
        try
        {
            var demo = ToolRunner.Run("demo", "--keep", folder);
            Assert.True(demo.ExitCode == ExitCodes.Ok, demo.Error);
            var data = Path.Combine(folder, "data");
            var token = Path.Combine(data, "api-token");
            Assert.Contains($"swrel serve --data-dir {data} --api-token-file {token}", demo.Output, StringComparison.Ordinal);

            // The reopened daemon signs with the demo's key, as the demo did (the test programs include GnuPG).
            using (var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "appsettings.json"))))
            {
                var publication = settings.RootElement.GetProperty("Publication");
                Assert.True(Directory.Exists(Path.GetFullPath(publication.GetProperty("GnuPgHome").GetString()!, data)));
                Assert.Contains("swrel demo signing key", publication.GetProperty("SigningKey").GetString(), StringComparison.Ordinal);
            }

            var shown = ToolRunner.Run("ticket", "show", "1", "--data-dir", data, "--format", "json");
            Assert.True(shown.ExitCode == ExitCodes.Ok, shown.Error);
            using (var ticket = JsonDocument.Parse(shown.Output))
            {
                Assert.Equal("Production", ticket.RootElement.GetProperty("rolloutProgress").GetString());
                Assert.Equal("OK", ticket.RootElement.GetProperty("fields").GetProperty("CommunicationStatus").GetString());
                Assert.Equal(ProductionPath, ticket.RootElement.GetProperty("fields").GetProperty("RepositoryURL").GetString());
            }

            // Port 0: the system picks a free port, and the daemon says which.
            using var serve = SwrelProcess.Start("serve", "--data-dir", data, "--api-token-file", token, "--listen", "http://127.0.0.1:0");
            var listening = await serve.WaitForLineAsync("swrel serve: listening on ", TimeSpan.FromMinutes(1));
            var address = new Uri(listening["swrel serve: listening on ".Length..].Split(' ')[0]);
            Assert.NotEqual(0, address.Port);
            Assert.Contains($"status page at http://127.0.0.1:{address.Port}/", listening, StringComparison.Ordinal);
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

            using var releases = JsonDocument.Parse(await client.GetStringAsync("api/releases"));
            var release = Assert.Single(releases.RootElement.EnumerateArray());
            Assert.Equal("Production", release.GetProperty("area").GetString());
            Assert.Equal(ProductionPath, release.GetProperty("path").GetString());
            Assert.Equal(1, release.GetProperty("ticketId").GetInt32());

            // The kept token is the daemon's write token: a request with it is read (and refused as a repeat), one without it is not.
            var form = new Dictionary<string, string>
            {
                ["Ticket_Id"] = "1",
                ["Previous_Rollout_Progress"] = "Production",
                ["Current_Rollout_Progress"] = "Production",
                ["Emergency_Release"] = "No",
            };
            using var unsigned = await client.PostAsync("api/requests", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
            using var signed = new HttpRequestMessage(HttpMethod.Post, "api/requests") { Content = new FormUrlEncodedContent(form) };
            signed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(token).Trim());
            using var answer = await client.SendAsync(signed);
            Assert.NotEqual(HttpStatusCode.Unauthorized, answer.StatusCode);

            Assert.Equal(0, await serve.StopAsync(TimeSpan.FromMinutes(2)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task With_serve_the_daemon_stays_up_with_its_status_page_until_it_is_asked_to_stop()
    {
        using var demo = SwrelProcess.Start("demo", "--serve");
        var line = await demo.WaitForLineAsync("status page: ", TimeSpan.FromMinutes(3));
        var page = new Uri(line["status page: ".Length..].Trim());
        Assert.Equal("127.0.0.1", page.Host);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await client.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Ticket #1: StageRollout -&gt; Production done", html, StringComparison.Ordinal);
        Assert.Contains("INFN.argus.centos7.x86_64", html, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, await demo.StopAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("The work folder was removed", demo.Output, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(page));
    }

    [Fact]
    public async Task A_request_the_daemon_does_not_finish_in_time_is_reported_with_where_it_stands()
    {
        // The daemon still retries the request (the ticket system is down): a Retrying outcome is not the end.
        const string Queue = """
            {"queue": [{"requestId": 7, "ticketId": 3, "transition": "Submitted -> Unverified", "emergency": false, "state": "RetryWaiting",
                        "attempts": 2, "enqueuedAtUtc": "2026-01-01T00:00:00Z", "lastError": "the ticket system could not be reached"}],
             "recent": [{"requestId": 7, "ticketId": 3, "transition": "Submitted -> Unverified", "outcome": "Retrying",
                         "message": "retrying", "finishedAtUtc": "2026-01-01T00:00:01Z"}]}
            """;
        using var client = new HttpClient(new FixedAnswer(Queue));
        var watch = new DemoQueueWatch(client, new Uri("http://127.0.0.1:9/"));
        var request = new ProvisioningRequest(3, RolloutProgress.Submitted, RolloutProgress.Unverified, Emergency: false);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => watch.WaitAsync(request, TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Equal(
            "the daemon at http://127.0.0.1:9/ did not finish Submitted -> Unverified of ticket #3 within 0.3 seconds: the request is RetryWaiting "
            + "after 2 attempts (last error: the ticket system could not be reached); its queue is at http://127.0.0.1:9/api/requests.",
            error.Message);
    }

    [Fact]
    public async Task An_outcome_already_seen_is_not_taken_for_the_next_request_of_the_same_transition()
    {
        using var handler = new FixedAnswer("""
            {"queue": [], "recent": [{"requestId": 5, "ticketId": 3, "transition": "Failed -> Unverified", "outcome": "Failed",
                                      "message": "a file differs", "finishedAtUtc": "2026-01-01T00:00:01Z"}]}
            """);
        using var client = new HttpClient(handler);
        var watch = new DemoQueueWatch(client, new Uri("http://127.0.0.1:9/"));
        var request = new ProvisioningRequest(3, RolloutProgress.Failed, RolloutProgress.Unverified, Emergency: false);

        var first = await watch.WaitAsync(request, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(new DemoOutcome(5, "Failed", "a file differs"), first);
        handler.Body = """
            {"queue": [], "recent": [
              {"requestId": 6, "ticketId": 3, "transition": "Failed -> Unverified", "outcome": "Succeeded", "message": "done", "finishedAtUtc": "2026-01-01T00:00:03Z"},
              {"requestId": 5, "ticketId": 3, "transition": "Failed -> Unverified", "outcome": "Failed", "message": "a file differs", "finishedAtUtc": "2026-01-01T00:00:01Z"}]}
            """;
        var second = await watch.WaitAsync(request, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(new DemoOutcome(6, "Succeeded", "done"), second);
    }

    private static string Value(string output, string label)
    {
        var line = output.Split('\n').First(l => l.TrimStart().StartsWith(label, StringComparison.Ordinal));
        return line[(line.IndexOf(label, StringComparison.Ordinal) + label.Length)..].Trim();
    }

    /// <summary>Answers every request with one JSON body, as the daemon's GET /api/requests would.</summary>
    private sealed class FixedAnswer(string body) : HttpMessageHandler
    {
        public string Body { get; set; } = body;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Body, Encoding.UTF8, "application/json") });
    }

    /// <summary>The real <c>swrel</c> as a child process, its output collected line by line.</summary>
    private sealed class SwrelProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Lock _gate = new();
        private readonly List<(string Prefix, TaskCompletionSource<string> Seen)> _waiting = [];

        private SwrelProcess(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_gate)
                {
                    return _output.ToString();
                }
            }
        }

        public static SwrelProcess Start(params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(ToolPath());
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            var child = new SwrelProcess(process);
            process.OutputDataReceived += (_, e) => child.Received(e.Data);
            process.ErrorDataReceived += (_, e) => child.Received(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        /// <summary>Waits for the first line that starts with <paramref name="prefix"/>.</summary>
        public async Task<string> WaitForLineAsync(string prefix, TimeSpan limit)
        {
            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
                {
                    return line;
                }

                _waiting.Add((prefix, seen));
            }

            var exited = _process.WaitForExitAsync();
            var done = await Task.WhenAny(seen.Task, exited, Task.Delay(limit));
            return done == seen.Task
                ? await seen.Task
                : throw new TimeoutException($"swrel printed no line starting '{prefix}' ({(done == exited ? "it exited" : "still running")}):\n{Output}");
        }

        /// <summary>Sends SIGTERM, as systemd and Ctrl+C's kin do, and returns the exit code.</summary>
        public async Task<int> StopAsync(TimeSpan limit)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(limit);
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }

        private static string ToolPath()
        {
            // tests/SwRel.Cli.Tests/bin/<Configuration>/net10.0/ → src/SwRel.Cli/bin/<Configuration>/net10.0/swrel.dll
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var repository = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            var tool = Path.Combine(repository, "src", "SwRel.Cli", "bin", here.Parent.Name, here.Name, "swrel.dll");
            return File.Exists(tool) ? tool : throw new FileNotFoundException($"Build src/SwRel.Cli first: {tool} is missing.", tool);
        }

        private void Received(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _output.Append(line).Append('\n');
                foreach (var (prefix, seen) in _waiting.Where(w => line.StartsWith(w.Prefix, StringComparison.Ordinal)).ToList())
                {
                    seen.TrySetResult(line);
                    _waiting.RemoveAll(w => w.Seen == seen);
                }
            }
        }
    }
}
