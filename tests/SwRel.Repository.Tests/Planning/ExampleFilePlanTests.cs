using SwRel.Metadata.Releases;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Planning;

public sealed class ExampleFilePlanTests
{
    private static readonly RepositoryPlanner s_planner = new();

    private static ReleaseDescriptor Read(string name) =>
        ReleaseDescriptorReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Data", name)).GetDescriptorOrThrow();

    // The descriptors built in code stand for the example files: every table row plans the same from both.
    [Theory]
    [InlineData("INFN.argus.centos7.x86_64-1.7.3.xml", "argus")]
    [InlineData("nrms-minimal.xml", "nrms")]
    public void The_example_files_plan_like_the_descriptors_built_in_code(string file, string which)
    {
        var fromFile = Read(file);
        var inCode = which == "argus" ? Descriptors.Argus : Descriptors.Nrms;
        var fromFileRequests = PlanRequests.EveryTableRow(fromFile, "umd-4").Select(r => r.Request).ToList();
        var inCodeRequests = PlanRequests.EveryTableRow(inCode, "umd-4").Select(r => r.Request).ToList();
        Assert.Equal(inCodeRequests.Count, fromFileRequests.Count);
        for (var i = 0; i < inCodeRequests.Count; i++)
        {
            Assert.Equal(RepositoryPlanJson.ToJson(s_planner.Plan(inCodeRequests[i])), RepositoryPlanJson.ToJson(s_planner.Plan(fromFileRequests[i])));
        }
    }

    // SPEC §11: sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3 with the repo file at repofiles/INFN.argus.centos7.x86_64.repo.
    [Fact]
    public void The_argus_example_is_published_at_the_real_unverified_path()
    {
        var plan = s_planner.Plan(PlanRequests.For(SwRel.Domain.Workflow.RolloutProgress.Submitted, SwRel.Domain.Workflow.RolloutProgress.Unverified, Read("INFN.argus.centos7.x86_64-1.7.3.xml")));
        Assert.Equal("sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3", plan.Target?.Value);
        Assert.Contains(plan.Steps, s => s is WriteRepoFileStep w && w.Path.Value == "sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3/repofiles/INFN.argus.centos7.x86_64.repo");
    }
}
