using System.Diagnostics;
using System.Globalization;
using SwRel.Repository.Tests.Execution;
using SwRel.Tests;

namespace SwRel.Repository.Tests.Transports;

/// <summary>A real rsync daemon on 127.0.0.1 serving one module, <c>releases</c>, from a temporary folder; killed on dispose.</summary>
/// <remarks>
/// rsync cannot listen on port 0 and say which port it got, so the daemon is given a port that was free a moment ago;
/// anything else on the machine may take that port first. The daemon counts as started only once its own process
/// holds a listening socket on the port (a connection alone might reach whoever took it), and it is started again on
/// another port when it could not bind.
/// </remarks>
internal sealed class RsyncDaemon : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);

    private readonly TempTree _folder = new();
    private Process _process;

    public RsyncDaemon()
    {
        var rsync = RequiredProgram.Rsync.Path();
        Module = new TempTree();
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        while (true)
        {
            Port = FreePort.OnLoopback();
            _process = Start(rsync, Port);
            if (WaitUntilListening(_process, Port, watch))
            {
                return;
            }

            Stop(_process);
            failures.Add($"port {Port}: {(_process.HasExited ? _process.StandardError.ReadToEnd().Trim() : "not listening yet")}");
            _process.Dispose();
            Assert.True(
                watch.Elapsed < StartDeadline && failures.Count < 20,
                $"the rsync daemon did not start listening within {StartDeadline}:\n{string.Join('\n', failures)}");
        }
    }

    public TempTree Module { get; }

    public int Port { get; private set; }

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
        Module.Dispose();
        _folder.Dispose();
    }

    private Process Start(string rsync, int port)
    {
        var config = _folder.PathOf("rsyncd.conf");
        File.WriteAllText(config, $"""
            use chroot = no
            pid file = {_folder.PathOf($"rsyncd-{port}.pid")}
            lock file = {_folder.PathOf($"rsyncd-{port}.lock")}
            log file = {_folder.PathOf("rsyncd.log")}

            [releases]
                path = {Module.Root}
                read only = yes
                use chroot = no

            """);
        var start = new ProcessStartInfo(rsync) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--daemon", "--no-detach", "--config=" + config, "--port=" + port, "--address=127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Waits until <paramref name="process"/> itself listens on 127.0.0.1:<paramref name="port"/>; false once it has exited.</summary>
    private static bool WaitUntilListening(Process process, int port, Stopwatch watch)
    {
        while (watch.Elapsed < StartDeadline)
        {
            if (ListeningSockets(port).Overlaps(SocketsOf(process.Id)))
            {
                return true;
            }

            if (process.HasExited)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    /// <summary>The inodes of the listening IPv4 sockets bound to 127.0.0.1:<paramref name="port"/>, read from <c>/proc/net/tcp</c>.</summary>
    private static HashSet<string> ListeningSockets(int port)
    {
        // A line: "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...";
        // addresses are hexadecimal (the IPv4 address in host byte order), state 0A is LISTEN.
        var local = "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[1] == local && fields[3] == "0A")
            {
                inodes.Add(fields[9]);
            }
        }

        return inodes;
    }

    /// <summary>The inodes of the sockets a process has open, read from its <c>/proc/PID/fd</c> links (<c>socket:[INODE]</c>).</summary>
    private static HashSet<string> SocketsOf(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(descriptor).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended meanwhile (its descriptors went with it, or a descriptor closed while being read).
        }

        return inodes;
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(60));
        }
        catch (InvalidOperationException)
        {
        }
    }
}
