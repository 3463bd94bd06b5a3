using System.Diagnostics;
using System.Net.Sockets;

namespace SwRel.Rt.Tests.Fixtures;

/// <summary>
/// A real rsync daemon on 127.0.0.1 with its own temporary folder and configuration, serving two read-only modules:
/// <c>releases</c>, and <c>held</c> over the same folder, whose transfers wait until the test lets them go.
/// </summary>
/// <remarks>
/// A transfer from <c>held</c> first creates <see cref="HeldMarker"/> and then waits for <see cref="GoMarker"/> (rsync's
/// <c>pre-xfer exec</c> runs before the transfer and the transfer waits for it), so that a test knows when the Repo daemon
/// is in the middle of a fetch and can take RT down right then. The wait ends by itself only after five minutes, long
/// after any loaded machine has taken RT down, so that the daemon never fetches early; it ends at all so that a test that
/// failed before letting the transfer go leaves no transfer waiting.
/// </remarks>
public sealed class RsyncDaemon : IDisposable
{
    private readonly string folder;
    private readonly LoopbackPort port;
    private readonly Process process;

    private RsyncDaemon(string folder, LoopbackPort port, Process process)
    {
        this.folder = folder;
        this.port = port;
        this.process = process;
    }

    /// <summary>The folder both modules serve.</summary>
    public string ModuleRoot => Path.Combine(folder, "releases");

    public int Port => port.Port;

    /// <summary>Exists once a transfer from <c>held</c> has started.</summary>
    public string HeldMarker => Path.Combine(folder, "held");

    /// <summary>Lets transfers from <c>held</c> go on, once created.</summary>
    public string GoMarker => Path.Combine(folder, "go");

    public static async Task<RsyncDaemon> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("swrel-rsyncd-").FullName;
        var port = LoopbackPort.Reserve();
        var root = Path.Combine(folder, "releases");
        Directory.CreateDirectory(root);
        var hold = Path.Combine(folder, "hold.sh");
        await File.WriteAllTextAsync(hold, $"""
            touch '{folder}/held'
            i=0
            while [ ! -e '{folder}/go' ] && [ $i -lt 6000 ]; do sleep 0.05; i=$((i+1)); done
            exit 0

            """);
        var config = Path.Combine(folder, "rsyncd.conf");
        await File.WriteAllTextAsync(config, $"""
            use chroot = no
            pid file = {folder}/rsyncd.pid
            lock file = {folder}/rsyncd.lock
            log file = {folder}/rsyncd.log

            [releases]
                path = {root}
                read only = yes

            [held]
                path = {root}
                read only = yes
                pre-xfer exec = /bin/sh {hold}

            """);
        var start = new ProcessStartInfo("rsync") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--daemon", "--no-detach", "--config=" + config, "--port=" + port.Port, "--address=127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("rsync --daemon did not start.");
        var daemon = new RsyncDaemon(folder, port, process);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port.Port);
                return daemon;
            }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch
            {
                daemon.Dispose();
                throw;
            }
        }
    }

    /// <summary>The SyncURL of a folder below the module root, through <c>releases</c> or, held, through <c>held</c>.</summary>
    public string SyncUrl(string release, bool held = false) => $"rsync://127.0.0.1:{Port}/{(held ? "held" : "releases")}/{release}/";

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
        port.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
