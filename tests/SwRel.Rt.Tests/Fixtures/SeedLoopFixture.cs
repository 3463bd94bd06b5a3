using SwRel.Rt.Setup;

namespace SwRel.Rt.Tests.Fixtures;

/// <summary>
/// Everything the seed loop runs on, each real and on 127.0.0.1: an RT of its own whose configuration names the Repo daemon
/// (so the daemon's port is chosen before RT starts), the provider's rsync daemon, and <c>swrel serve</c> on RT.
/// </summary>
/// <remarks>
/// Its own RT rather than the assembly's: RT reads the daemon's URL only when it starts, and the loop stops and restarts
/// this RT, which the other tests must not see.
/// </remarks>
public sealed class SeedLoopFixture : IAsyncLifetime
{
    private RtInstance? rt;
    private RsyncDaemon? rsync;
    private SwrelServe? daemon;

    public RtInstance Rt => rt ?? throw new InvalidOperationException("RT is not running.");

    public RsyncDaemon Rsync => rsync ?? throw new InvalidOperationException("The rsync daemon is not running.");

    public SwrelServe Daemon => daemon ?? throw new InvalidOperationException("swrel serve is not running.");

    public async Task InitializeAsync()
    {
        // Held from now until the daemon has started on it and stopped: RT names it before the daemon starts.
        var port = LoopbackPort.Reserve();
        try
        {
            rt = await RtInstance.StartAsync(configDirectory => File.WriteAllText(
                Path.Combine(configDirectory, "swrel.pm"),
                RtInitialData.CreateConfig(new RtDaemonConnection(SwrelServe.TransitionUrl(port.Port), SwrelServe.Token, TimeSpan.FromSeconds(10)))));
            await Rt.ApplyAsync("swrel-initialdata.pl", RtInitialData.Create());
            await RtFixture.ApplyPeopleAsync(Rt);
            rsync = await RsyncDaemon.StartAsync();
        }
        catch
        {
            port.Dispose();
            throw;
        }

        daemon = await SwrelServe.StartAsync(port, Rt.Url);
    }

    public async Task DisposeAsync()
    {
        if (daemon is not null)
        {
            await daemon.DisposeAsync();
        }

        rsync?.Dispose();
        if (rt is not null)
        {
            await rt.DisposeAsync();
        }
    }

    /// <summary>A client that logs in to RT as one of the fixture's people (or root).</summary>
    public HttpClient Client(string user) => Rt.Client(user, user == RtInstance.RootUser ? RtInstance.RootPassword : RtFixture.Password);
}
