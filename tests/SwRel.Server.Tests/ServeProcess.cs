using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SwRel.Server.Tests;

/// <summary>The real <c>swrel serve</c> as a child process on a loopback port of its own choosing, over a data folder.</summary>
internal sealed partial class ServeProcess : IDisposable
{
    public const string Token = "load-test-token-0123456789abcdef";

    // Starting the runtime and opening the stores takes seconds on a loaded machine; a start is waited for, not timed.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;

    private ServeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the daemon on port 0 and waits until it says which port it bound and /healthz answers there.</summary>
    /// <remarks>
    /// A port picked by the test and bound later by the daemon can be taken in between, by another test or by an outgoing
    /// connection's local port; port 0 is bound by the daemon itself, which prints the address it got.
    /// </remarks>
    /// <param name="dataFolder">The data folder.</param>
    /// <param name="settings">Environment variables that override the test's defaults (for example SWREL_Pipeline__PollInterval).</param>
    public static async Task<ServeProcess> StartAsync(string dataFolder, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath());
        foreach (var argument in new[] { "serve", "--data-dir", dataFolder, "--listen", "http://127.0.0.1:0" })
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

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && ListeningLine().Match(text) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            var exited = process.WaitForExitAsync(timeout.Token);
            if (await Task.WhenAny(listening.Task, exited) != listening.Task)
            {
                throw process.HasExited
                    ? new InvalidOperationException($"swrel serve exited with {process.ExitCode} before listening.")
                    : new TimeoutException($"swrel serve did not say where it listens within {StartTimeout.TotalSeconds} seconds.");
            }

            var server = new ServeProcess(process, await listening.Task);
            await server.WaitUntilHealthyAsync(timeout.Token);
            return server;
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the daemon has ended by itself.</summary>
    /// <returns>Whether it ended within <paramref name="timeout"/>.</returns>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>kill -9: no shutdown, no flush, no goodbye.</summary>
    public void Kill() => Kill(_process);

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit(TimeSpan.FromMinutes(1));
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"swrel serve exited with {_process.ExitCode} before answering.");
                }

                try
                {
                    using var response = await client.GetAsync("healthz", cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not answering yet.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Not answering yet.
                }

                await Task.Delay(50, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"swrel serve did not answer /healthz at {Address} within {StartTimeout.TotalSeconds} seconds.");
        }
    }

    [GeneratedRegex(@"^swrel serve: listening on (http://[^;\s]+)")]
    private static partial Regex ListeningLine();

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
