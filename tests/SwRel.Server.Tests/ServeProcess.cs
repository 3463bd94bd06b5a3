using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SwRel.Server.Tests;

/// <summary>The real <c>swrel serve</c> as a child process on a loopback port, over a data folder.</summary>
internal sealed class ServeProcess : IDisposable
{
    public const string Token = "load-test-token-0123456789abcdef";

    private readonly Process _process;

    private ServeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the daemon and waits until /healthz answers.</summary>
    /// <param name="dataFolder">The data folder.</param>
    /// <param name="port">The loopback port.</param>
    /// <param name="settings">Environment variables that override the test's defaults (for example SWREL_Pipeline__PollInterval).</param>
    public static async Task<ServeProcess> StartAsync(string dataFolder, int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath());
        foreach (var argument in new[] { "serve", "--data-dir", dataFolder, "--listen", address.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SWREL_API_TOKEN"] = Token;
        start.Environment["SWREL_Pipeline__PollInterval"] = "00:00:00.020";
        // A request leased when the process is killed comes back after this.
        start.Environment["SWREL_Pipeline__LeaseDuration"] = "00:00:02";
        start.Environment["SWREL_Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServeProcess(process, address);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"swrel serve exited with {process.ExitCode} before answering.");
            }

            try
            {
                using var response = await client.GetAsync("healthz");
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(50);
        }

        server.Kill();
        throw new TimeoutException("swrel serve did not answer /healthz within 30 seconds.");
    }

    /// <summary>kill -9: no shutdown, no flush, no goodbye.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string ToolPath()
    {
        // tests/SwRel.Server.Tests/bin/<Configuration>/net10.0/ → src/SwRel.Cli/bin/<Configuration>/net10.0/swrel.dll
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var repository = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var tool = Path.Combine(repository, "src", "SwRel.Cli", "bin", configuration, framework, "swrel.dll");
        return File.Exists(tool) ? tool : throw new FileNotFoundException($"Build src/SwRel.Cli first: {tool} is missing.", tool);
    }
}
