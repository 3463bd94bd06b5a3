using System.Diagnostics;
using System.Net.Sockets;
using SwRel.Repository.Tests.Execution;
using SwRel.Tests;

namespace SwRel.Repository.Tests.Transports;

/// <summary>A real rsync daemon on 127.0.0.1 serving one module, <c>releases</c>, from a temporary folder; killed on dispose.</summary>
internal sealed class RsyncDaemon : IDisposable
{
    private readonly TempTree _folder = new();
    private readonly Process _process;

    public RsyncDaemon()
    {
        var rsync = RequiredProgram.Rsync.Path();
        Module = new TempTree();
        Port = FreePort.OnLoopback();
        var config = _folder.PathOf("rsyncd.conf");
        File.WriteAllText(config, $"""
            use chroot = no
            pid file = {_folder.PathOf("rsyncd.pid")}
            lock file = {_folder.PathOf("rsyncd.lock")}
            log file = {_folder.PathOf("rsyncd.log")}

            [releases]
                path = {Module.Root}
                read only = yes
                use chroot = no

            """);
        var start = new ProcessStartInfo(rsync) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--daemon", "--no-detach", "--config=" + config, "--port=" + Port, "--address=127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                break;
            }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(20) && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }

    public TempTree Module { get; }

    public int Port { get; }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        Module.Dispose();
        _folder.Dispose();
    }
}
