using System.Collections.Immutable;
using SwRel.Domain.Workflow;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Execution;

/// <summary>Repositories and plans shaped like the SPEC §11 transitions.</summary>
internal static class Scenarios
{
    public const string Unverified = "sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3";
    public const string StageRollout = "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3";
    public const string Updates = "sw/production/umd/4/centos7/x86_64/updates";
    public const string Scratch = ".swrel/scratch/umd-4/argus/1.7.3";

    public static RepositoryPath P(string path) => RepositoryPath.Parse(path);

    /// <summary>Writes a release's files (a small tree) into a folder.</summary>
    public static void WriteRelease(TempTree tree, string folder, string name = "argus", int files = 3)
    {
        folder = folder.Length == 0 ? "." : folder;
        for (var i = 0; i < files; i++)
        {
            tree.Write($"{folder}/RPMS/{name}-{i}.rpm", $"{name} package {i}\n");
        }

        tree.Write($"{folder}/{name}.xml", $"<release name='{name}'/>\n");
    }

    /// <summary>Submitted → Unverified: fetch, verify, publish, write the repo file, set RepositoryURL, clean.</summary>
    public static RepositoryPlan IntoUnverified() => new(
        RolloutProgress.Submitted,
        RolloutProgress.Unverified,
        P(Unverified),
        [
            new FetchStep("rsync", "rsync://provider.example/argus/1.7.3", P(Scratch)),
            new VerifyStep(P(Scratch), "checksums.meta4"),
            new PublishStep(P(Scratch), P(Unverified)),
            new WriteRepoFileStep(P(Unverified + "/repofiles/INFN.argus.centos7.x86_64.repo"), "[argus]\nbaseurl=x\n"),
            new SetRepositoryUrlStep(P(Unverified)),
            new CleanStep(P(Scratch)),
        ]);

    /// <summary>
    /// Into Production, as the planner makes it: merge into updates leaving out the release's repo files and index,
    /// refresh the index, set RepositoryURL, remove the stage-rollout copy.
    /// </summary>
    public static RepositoryPlan IntoProduction() => new(
        RolloutProgress.StageRollout,
        RolloutProgress.Production,
        P(Updates),
        [
            new PromoteStep(P(StageRollout), P(Updates), merge: true, ["repofiles", "repodata"]),
            new RefreshIndexStep(P(Updates)),
            new SetRepositoryUrlStep(P(Updates)),
            new RemoveStep(P(StageRollout)),
        ]);

    /// <summary>File-system steps only: promote, replace a repo file, remove a release.</summary>
    public static RepositoryPlan FileSystemOnly() => new(
        RolloutProgress.Unverified,
        RolloutProgress.StageRollout,
        P(StageRollout),
        [
            new PromoteStep(P(Unverified), P(StageRollout), Merge: false),
            new WriteRepoFileStep(P(StageRollout + "/repofiles/INFN.argus.repo"), "[argus]\nbaseurl=stage\n"),
            new WriteRepoFileStep(P("repofiles/existing.repo"), "new content\n"),
            new RemoveStep(P(Unverified)),
        ]);

    /// <summary>
    /// A production area shared with other releases, and a release in stage rollout. Both hold a repo file and an
    /// index of the same names with other content: only the promote's exclusions keep them from conflicting.
    /// </summary>
    public static void SeedProduction(TempTree tree)
    {
        WriteRelease(tree, StageRollout, "argus");
        tree.Write(StageRollout + "/RPMS/common.rpm", "shared\n");
        tree.Write(StageRollout + "/repofiles/INFN.argus.repo", "[argus]\nbaseurl=stage\n");
        tree.Write(StageRollout + "/repodata/repomd.xml", "<repomd>argus</repomd>\n");
        WriteRelease(tree, Updates, "voms");
        tree.Write(Updates + "/RPMS/common.rpm", "shared\n");
        tree.Write(Updates + "/repofiles/INFN.argus.repo", "[argus]\nbaseurl=an older release\n");
        tree.Write(Updates + "/repodata/repomd.xml", "<repomd>updates</repomd>\n");
    }

    public static void SeedUnverified(TempTree tree)
    {
        WriteRelease(tree, Unverified, "argus");
        tree.Write("repofiles/existing.repo", "old content\n");
    }

    public static ImmutableArray<PlanStep> Steps(params PlanStep[] steps) => [.. steps];
}
