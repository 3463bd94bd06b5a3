using Microsoft.Extensions.DependencyInjection;
using SwRel.Pipeline;
using SwRel.Rt.Tests.Fixtures;

namespace SwRel.Rt.Tests.Guard;

/// <summary>The daemon's processor, on RT, reviews each change before acting on it.</summary>
[Collection(RtCollection.Name)]
public sealed class ProcessorOnRtGuardTests(RtFixture rt) : IDisposable
{
    private static readonly Dictionary<string, string> ProviderFields = new()
    {
        ["SyncProtocol"] = "rsync",
        ["SyncURL"] = "rsync://127.0.0.1/provider/umd-4.3.0",
        ["AssociatedMajorRelease"] = "umd-4",
        ["EmergencyRelease"] = "No",
    };

    private readonly string _root = Directory.CreateTempSubdirectory("swrel-rt-guard-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // SPEC §2.1 row 17 and §14: StageRollout → Production is the StageRolloutTeam's move; the daemon sets back a QC
    // member's, with a comment, and the repository does nothing.
    [Fact]
    public async Task A_QC_member_setting_Production_is_set_back_by_the_processor_and_the_repository_does_nothing()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var admin = rt.Client(RtFixture.AdminMember);
        await RtPeople.SetFieldsAsync(admin, id, new Dictionary<string, string> { ["RolloutProgress"] = "StageRollout" });
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.QcMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Production" });
        await using var services = Services();
        await services.GetRequiredService<IRequestQueue>().EnqueueAsync(new ProvisioningRequest(id, Domain.Workflow.RolloutProgress.StageRollout, Domain.Workflow.RolloutProgress.Production, false), CancellationToken.None);

        var report = await services.GetRequiredService<ProvisioningProcessor>().ProcessNextAsync(CancellationToken.None);

        Assert.NotNull(report);
        Assert.Equal(ProcessingOutcome.Skipped, report.Outcome);
        Assert.Contains("set the change back", report.Message, StringComparison.Ordinal);
        Assert.Empty(report.Plans);
        Assert.Empty(report.Transitions);
        Assert.Equal("StageRollout", await RtPeople.FieldAsync(admin, id, "RolloutProgress"));
        var comment = Assert.Single(await RtPeople.CommentsAsync(admin, id));
        Assert.Contains("set back from Production to StageRollout", comment, StringComparison.Ordinal);
        Assert.Contains("qc acts as VerificationTeam", comment, StringComparison.Ordinal);
        Assert.Equal(comment.Trim(), (await RtPeople.FieldAsync(admin, id, "CommunicationStatus")).Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories));
        Assert.Null(await services.GetRequiredService<ProvisioningProcessor>().ProcessNextAsync(CancellationToken.None));
    }

    // SPEC §2.1 row 17: the stage-rollout team's own move passes the review and reaches the repository's decision.
    [Fact]
    public async Task A_stage_rollout_member_setting_Production_is_not_set_back()
    {
        var id = await RtPeople.CreateTicketAsync(rt.Client(RtFixture.Provider), ProviderFields);
        var admin = rt.Client(RtFixture.AdminMember);
        await RtPeople.SetFieldsAsync(admin, id, new Dictionary<string, string> { ["RolloutProgress"] = "StageRollout" });
        await RtPeople.SetFieldsAsync(rt.Client(RtFixture.StageRolloutMember), id, new Dictionary<string, string> { ["RolloutProgress"] = "Production" });
        await using var services = Services();
        await services.GetRequiredService<IRequestQueue>().EnqueueAsync(new ProvisioningRequest(id, Domain.Workflow.RolloutProgress.StageRollout, Domain.Workflow.RolloutProgress.Production, false), CancellationToken.None);

        var report = await services.GetRequiredService<ProvisioningProcessor>().ProcessNextAsync(CancellationToken.None);

        Assert.NotNull(report);
        Assert.DoesNotContain("set the change back", report.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await RtPeople.CommentsAsync(admin, id), c => c.Contains("set back", StringComparison.Ordinal));
    }

    private ServiceProvider Services() => rt.Services(more: services => services.AddSwRelPipeline(o => o.RepositoryRoot = _root));
}
