using Microsoft.Extensions.DependencyInjection;
using SwRel.Rt.Setup;

namespace SwRel.Rt.Tests.Fixtures;

/// <summary>
/// One RT for the whole test assembly run, set up as an operator does it (the configuration file in RT_SiteConfig.d, the
/// initialdata applied), plus the people of the workflow: a provider, a QC member, a stage-rollout member, an admin and
/// the daemon's own user.
/// </summary>
public sealed class RtFixture : IAsyncLifetime
{
    public const string Password = "swrel-test-password";
    public const string Provider = "provider";
    public const string QcMember = "qc";
    public const string StageRolloutMember = "sr";
    public const string AdminMember = "admin";
    public const string Daemon = "swrel-daemon";

    private RtInstance? rt;

    public RtInstance Rt => rt ?? throw new InvalidOperationException("RT is not running.");

    public async Task InitializeAsync()
    {
        rt = await RtInstance.StartAsync(configDirectory => File.WriteAllText(
            Path.Combine(configDirectory, "swrel.pm"),
            RtInitialData.CreateConfig(new RtDaemonConnection(new Uri("http://127.0.0.1:9/transition"), "test-token", TimeSpan.FromSeconds(5)))));
        await Rt.ApplyAsync("swrel-initialdata.pl", RtInitialData.Create());
        await ApplyPeopleAsync(Rt);
    }

    /// <summary>Adds the people of the workflow to an RT that has the set-up: each user, and each team member in their group.</summary>
    public static async Task ApplyPeopleAsync(RtInstance rt)
    {
        ArgumentNullException.ThrowIfNull(rt);
        await rt.ApplyAsync("people.pl", $$"""
            @Users = (
                { Name => '{{Provider}}', EmailAddress => 'provider@example.org', Password => '{{Password}}', Privileged => 1 },
                { Name => '{{QcMember}}', EmailAddress => 'qc@example.org', Password => '{{Password}}', Privileged => 1 },
                { Name => '{{StageRolloutMember}}', EmailAddress => 'sr@example.org', Password => '{{Password}}', Privileged => 1 },
                { Name => '{{AdminMember}}', EmailAddress => 'admin@example.org', Password => '{{Password}}', Privileged => 1 },
                { Name => '{{Daemon}}', EmailAddress => 'daemon@example.org', Password => '{{Password}}', Privileged => 1 },
            );
            @Members = (
                { Group => 'sw-rel-qc', Name => '{{QcMember}}' },
                { Group => 'sw-rel-sr', Name => '{{StageRolloutMember}}' },
                { Group => 'sw-rel-admin', Name => '{{AdminMember}}' },
                { Group => 'sw-rel-admin', Name => '{{Daemon}}' },
            );
            1;
            """);
    }

    public async Task DisposeAsync()
    {
        if (rt is not null)
        {
            await rt.DisposeAsync();
        }
    }

    /// <summary>
    /// A service provider with SwRel's RT registration, logged in as <paramref name="user"/>, and whatever else
    /// <paramref name="more"/> registers (the pipeline, a handler on RT's HTTP client).
    /// </summary>
    public ServiceProvider Services(string user = Daemon, Action<RtOptions>? configure = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSwRelRt(o =>
        {
            o.Url = Rt.Url;
            o.User = user;
            o.Password = user == RtInstance.RootUser ? RtInstance.RootPassword : Password;
            configure?.Invoke(o);
        });
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public HttpClient Client(string user) => Rt.Client(user, user == RtInstance.RootUser ? RtInstance.RootPassword : Password);
}
