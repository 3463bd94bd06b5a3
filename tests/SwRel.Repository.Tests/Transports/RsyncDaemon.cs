using System.Diagnostics;
using System.Net.Sockets;
using SwRel.Repository.Tests.Execution;
using SwRel.Rt.Tests.Fixtures;
using SwRel.Tests;

namespace SwRel.Repository.Tests.Transports;

/// <summary>A real rsync daemon on 127.0.0.1 serving one module, <c>releases</c>, from a temporary folder; killed on dispose.</summary>
/// <remarks>
/// rsync cannot listen on port 0 and say which port it got, so its port is reserved (<see cref="LoopbackPort"/>) before it
/// starts and held until it is killed: nothing else can take the port meanwhile, and the first connection accepted there
/// is the daemon's.
/// </remarks>
internal sealed class RsyncDaemon : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);

    private readonly TempTree _folder = new();
    private readonly LoopbackPort _port = LoopbackPort.Reserve();
    private readonly Process _process;

    public RsyncDaemon()
    {
        Module = new TempTree();
        _process = Start(RequiredProgram.Rsync.Path(), Port);
        var watch = Stopwatch.StartNew();
        while (!Accepts(Port))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the rsync daemon exited before it listened: {_process.StandardError.ReadToEnd().Trim()}");
            }

            Assert.True(watch.Elapsed < StartDeadline, $"the rsync daemon did not start listening within {StartDeadline}.");
            Thread.Sleep(20);
        }
    }

    public TempTree Module { get; }

    public int Port => _port.Port;

    public void Dispose()
    {
        Stop(_process);
        _process.Dispose();
        _port.Dispose();
        Module.Dispose();
        _folder.Dispose();
    }

    private Process Start(string rsync, int port)
    {
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
        foreach (var argument in new[] { "--daemon", "--no-detach", "--config=" + config, "--port=" + port, "--address=127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
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
