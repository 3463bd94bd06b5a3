using System.Diagnostics;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests;

// swrel serve takes RT as its ticket system from configuration alone: /readyz answers ready only when the gateway reaches RT.
[Collection(RtCollection.Name)]
public sealed class ServeOnRtTests(RtFixture rt) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("swrel-serve-rt-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Serve_with_Tickets_Rt_Url_reaches_the_real_RT_and_reports_ready()
    {
        using var port = LoopbackPort.Reserve();
        var address = new Uri($"http://127.0.0.1:{port.Port}/");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ToolPath(), "serve", "--data-dir", _data, "--listen", address.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SWREL_API_TOKEN"] = "serve-on-rt-token-0123456789abcdef";
        start.Environment["SWREL_Tickets__Rt__Url"] = rt.Rt.Url.ToString();
        start.Environment["SWREL_RT_USER"] = RtFixture.Daemon;
        start.Environment["SWREL_RT_PASSWORD"] = RtFixture.Password;
        start.Environment["SWREL_Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
            string? answer = null;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !process.HasExited && answer != "ready")
            {
                try
                {
                    using var response = await client.GetAsync("readyz");
                    answer = await response.Content.ReadAsStringAsync();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100);
            }

            Assert.False(process.HasExited, $"swrel serve exited: {(process.HasExited ? await error : "")}");
            Assert.Equal("ready", answer);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
                await process.WaitForExitAsync();
            }
        }
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
