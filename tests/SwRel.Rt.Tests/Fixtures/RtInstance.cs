using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SwRel.Rt.Tests.Fixtures;

/// <summary>
/// A real Request Tracker 5 of its own: a SQLite database and a site configuration in a temporary folder,
/// and <c>rt-server</c> on a loopback port held for it from start to dispose, stopped (with its whole process group) on dispose.
/// </summary>
public sealed class RtInstance : IAsyncDisposable
{
    public const string RootUser = "root";
    public const string RootPassword = "swrel-root-password";
    private const string RtServer = "/usr/share/request-tracker5/libexec/rt-server";
    private const string SetupDatabase = "rt-setup-database-5";

    private readonly LoopbackPort port;
    private Process? server;

    private RtInstance(string folder, LoopbackPort port)
    {
        Folder = folder;
        this.port = port;
    }

    /// <summary>The temporary folder with the configuration, the database and the server's log.</summary>
    public string Folder { get; }

    public int Port => port.Port;

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>The folder RT reads extra configuration files from (RT_SITE_CONFIG_DIR).</summary>
    public string ConfigDirectory => Path.Combine(Folder, "RT_SiteConfig.d");

    public static async Task<RtInstance> StartAsync(Action<string>? beforeStart = null)
    {
        var folder = Directory.CreateTempSubdirectory("swrel-rt-").FullName;
        // Held until disposed, also while a test has stopped rt-server, so that the restarted server finds its port free.
        var reserved = LoopbackPort.Reserve();
        var port = reserved.Port;
        Directory.CreateDirectory(Path.Combine(folder, "RT_SiteConfig.d"));
        File.WriteAllText(Path.Combine(folder, "RT_SiteConfig.pm"), $$"""
            Set($rtname, 'swrel-test');
            Set($Organization, 'swrel-test.invalid');
            Set($DatabaseType, 'SQLite');
            Set($DatabaseName, '{{folder}}/rt.db');
            Set($WebDomain, '127.0.0.1');
            Set($WebPort, {{port}});
            Set($WebPath, '');
            Set($WebBaseURL, 'http://127.0.0.1:{{port}}');
            Set($LogToSyslog, undef);
            Set($LogToFile, undef);
            Set($LogToSTDERR, 'warning');
            Set($MailCommand, 'testfile');
            Set($RestrictReferrer, 0);
            # Every REST call with basic authentication checks the password; at RT's default cost of 12 that bcrypt alone
            # takes about a second on a busy machine, and a daemon's transition makes dozens of calls.
            Set($BcryptCost, 4);
            1;
            """);
        File.WriteAllText(Path.Combine(folder, "root-password"), RootPassword);
        beforeStart?.Invoke(Path.Combine(folder, "RT_SiteConfig.d"));
        var instance = new RtInstance(folder, reserved);
        var init = await RunAsync(folder, SetupDatabase, ["--action", "init", "--skip-create", "--root-password-file", Path.Combine(folder, "root-password")]);
        if (init.ExitCode != 0)
        {
            await instance.DisposeAsync();
            throw new InvalidOperationException($"{SetupDatabase} --action init failed ({init.ExitCode}): {init.Output}");
        }

        try
        {
            await instance.StartServerAsync();
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    /// <summary>
    /// Starts rt-server on the instance's port and database and waits until it answers; for a test that stopped it with
    /// <see cref="StopServerAsync"/> to take RT down for a while.
    /// </summary>
    public async Task StartServerAsync()
    {
        if (server is { HasExited: false })
        {
            throw new InvalidOperationException("rt-server is running already.");
        }

        server?.Dispose();

        // setsid makes rt-server the leader of its own process group, so that stopping the group stops the
        // pre-forked workers with their master.
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        foreach (var arg in new[] { RtServer, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1", "--max-workers", "3" })
        {
            start.ArgumentList.Add(arg);
        }

        SetEnvironment(start, Folder);
        server = Process.Start(start) ?? throw new InvalidOperationException("rt-server did not start.");
        var log = new StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        await WaitUntilReadyAsync(server, log);
    }

    /// <summary>Stops rt-server (the master and its workers) and keeps the database, so that <see cref="StartServerAsync"/> brings the same RT back.</summary>
    public async Task StopServerAsync()
    {
        if (server is null || server.HasExited)
        {
            return;
        }

        // The master is the group leader (setsid): TERM to the group stops it and every worker.
        var group = "-" + server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = Process.Start("kill", ["-TERM", "--", group]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            using var hardKill = Process.Start("kill", ["-KILL", "--", group]);
            await hardKill.WaitForExitAsync();
            await server.WaitForExitAsync();
        }
    }

    /// <summary>Applies an initialdata file as an operator does on the RT host.</summary>
    public async Task<(int ExitCode, string Output)> InsertDataAsync(string datafile) =>
        await RunAsync(Folder, SetupDatabase, ["--action", "insert", "--skip-create", "--datafile", datafile]);

    /// <summary>Writes an initialdata file into the instance's folder and applies it; throws when RT refuses it.</summary>
    public async Task<string> ApplyAsync(string fileName, string initialData)
    {
        var path = Path.Combine(Folder, fileName);
        await File.WriteAllTextAsync(path, initialData);
        var (exitCode, output) = await InsertDataAsync(path);
        if (exitCode != 0 || output.Contains("[error]", StringComparison.Ordinal) || output.Contains("[crit]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{SetupDatabase} --action insert --datafile {fileName} failed ({exitCode}): {output}");
        }

        return output;
    }

    /// <summary>A client that logs in with basic authentication as the given user.</summary>
    public HttpClient Client(string user, string password)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        server?.Dispose();
        port.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilReadyAsync(Process server, StringBuilder log)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"rt-server exited ({server.ExitCode}): {log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(Url, "REST/2.0/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"rt-server did not answer on {Url} within 90 s: {log}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string folder, string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        SetEnvironment(start, folder);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static void SetEnvironment(ProcessStartInfo start, string folder)
    {
        start.Environment["RT_SITE_CONFIG"] = Path.Combine(folder, "RT_SiteConfig.pm");
        start.Environment["RT_SITE_CONFIG_DIR"] = Path.Combine(folder, "RT_SiteConfig.d");
    }
}
