using Microsoft.Extensions.DependencyInjection;
using SwRel.Rt.Setup;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests.Setup;

/// <summary>The generated set-up applied to an RT of its own, empty at first, as the operator does it on the RT host.</summary>
public sealed class RtInitialDataTests : IAsyncLifetime
{
    private RtInstance? rt;

    private RtInstance Rt => rt!;

    public async Task InitializeAsync() =>
        rt = await RtInstance.StartAsync(configDirectory => File.WriteAllText(
            Path.Combine(configDirectory, "swrel.pm"),
            RtInitialData.CreateConfig(new RtDaemonConnection(new Uri("http://127.0.0.1:9/transition")))));

    public async Task DisposeAsync() => await Rt.DisposeAsync();

    // SPEC §14: the set-up is an initialdata file, idempotent; `swrel rt check` names what is missing.
    [Fact]
    public async Task Check_names_what_is_missing_before_the_initialdata_is_applied_and_nothing_after_applying_it_twice()
    {
        await using var services = Services();
        var check = services.GetRequiredService<RtSetupCheck>();

        var before = await check.FindMissingAsync(CancellationToken.None);
        Assert.Contains("The queue 'sw-rel' does not exist.", before);
        Assert.Contains("The custom field 'RolloutProgress' does not exist.", before);
        Assert.Contains("The group 'sw-rel-qc' does not exist.", before);

        await Rt.ApplyAsync("swrel.pl", RtInitialData.Create());
        Assert.Empty(await check.FindMissingAsync(CancellationToken.None));
        var counts = await CountsAsync();

        var again = await Rt.ApplyAsync("swrel.pl", RtInitialData.Create());
        Assert.Empty(await check.FindMissingAsync(CancellationToken.None));
        Assert.Equal(counts, await CountsAsync());
        Assert.DoesNotContain("[error]", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applying_again_adds_a_value_that_an_existing_field_lacks()
    {
        await Rt.ApplyAsync("swrel.pl", RtInitialData.Create());
        await Rt.ApplyAsync("drop-value.pl", """
            @Final = (sub {
                my $cf = RT::CustomField->new(RT->SystemUser);
                $cf->LoadByName(Name => 'RolloutProgress', LookupType => RT::Ticket->CustomFieldLookupType);
                my $values = $cf->Values;
                $values->Limit(FIELD => 'Name', VALUE => 'Deferred');
                $cf->DeleteValue($_->Id) for @{ $values->ItemsArrayRef };
            });
            1;
            """);
        await using var services = Services();
        var check = services.GetRequiredService<RtSetupCheck>();
        var missing = await check.FindMissingAsync(CancellationToken.None);
        Assert.Equal("The custom field 'RolloutProgress' lacks the value Deferred.", Assert.Single(missing));

        await Rt.ApplyAsync("swrel.pl", RtInitialData.Create());

        Assert.Empty(await check.FindMissingAsync(CancellationToken.None));
    }

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddSwRelRt(o =>
        {
            o.Url = Rt.Url;
            o.User = RtInstance.RootUser;
            o.Password = RtInstance.RootPassword;
        });
        return services.BuildServiceProvider();
    }

    /// <summary>How many of each kind of record the set-up makes, counted in RT's database.</summary>
    private async Task<string> CountsAsync()
    {
        var output = await Rt.ApplyAsync("count.pl", """
            @Final = (sub {
                my %count;
                my $cfs = RT::CustomFields->new(RT->SystemUser); $cfs->UnLimit; $count{fields} = $cfs->Count;
                my $values = RT::CustomFieldValues->new(RT->SystemUser); $values->UnLimit; $count{values} = $values->Count;
                my $queues = RT::Queues->new(RT->SystemUser); $queues->UnLimit; $count{queues} = $queues->Count;
                my $groups = RT::Groups->new(RT->SystemUser); $groups->LimitToUserDefinedGroups; $count{groups} = $groups->Count;
                my $scrips = RT::Scrips->new(RT->SystemUser); $scrips->UnLimit; $count{scrips} = $scrips->Count;
                my $aces = RT::ACL->new(RT->SystemUser); $aces->UnLimit; $count{rights} = $aces->Count;
                my $ocfs = RT::ObjectCustomFields->new(RT->SystemUser); $ocfs->UnLimit; $count{applied} = $ocfs->Count;
                print STDERR "COUNTS " . join(',', map { "$_=$count{$_}" } sort keys %count) . "\n";
            });
            1;
            """);
        var line = output.Split('\n').Single(l => l.StartsWith("COUNTS ", StringComparison.Ordinal));
        return line;
    }
}
