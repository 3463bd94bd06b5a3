using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Workflow;

public sealed class WorkflowOptionsTests
{
    [Fact]
    public void The_defaults_follow_the_SPEC()
    {
        var options = new WorkflowOptions();
        Assert.Equal(EmergencyPolicy.FastStagedRollout, options.EmergencyPolicy);
        Assert.True(options.EmergencyBypassesSlot);
        Assert.Equal("sw-rel-admin", options.AdminCcGroup);
        Assert.Equal(["sw-rel-production"], options.Notifications[RolloutProgress.Production].CcGroups);
        Assert.True(new WorkflowOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_container_builds_the_workflow_from_configured_options()
    {
        var services = new ServiceCollection();
        services.AddSwRelWorkflow(o => o.EmergencyPolicy = EmergencyPolicy.StraightToProduction);
        using var provider = services.BuildServiceProvider();
        var workflow = provider.GetRequiredService<RolloutWorkflow>();
        Assert.Equal(EmergencyPolicy.StraightToProduction, workflow.EmergencyPolicy);
    }

    [Fact]
    public void Invalid_options_are_refused_at_start_with_every_problem_named()
    {
        var services = new ServiceCollection();
        services.AddSwRelWorkflow(o =>
        {
            o.AdminCcGroup = " ";
            o.MandatoryWatchers = ["ops", "ops"];
        });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WorkflowOptions>>().Value);
        Assert.Contains(error.Failures, f => f.StartsWith("AdminCcGroup", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'ops' twice", StringComparison.Ordinal));
    }
}
