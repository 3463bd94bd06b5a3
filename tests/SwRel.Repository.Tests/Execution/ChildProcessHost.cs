using SwRel.Domain.Workflow;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Execution;

/// <summary>
/// The entry point of this test assembly when it runs as a child process
/// (<c>dotnet SwRel.Repository.Tests.dll apply-and-pause ROOT N MARKER</c>): it applies a plan that merges many
/// files and removes their source, and stops before its disk change number N, so that a test can kill it there.
/// </summary>
public static class ChildProcessHost
{
    public const string Command = "apply-and-pause";

    public const string Source = "sw/stagerollout/many/1/0/0";

    public const string Destination = "sw/production/many/1/x86_64/updates";

    public static RepositoryPlan Plan() => new(
        RolloutProgress.StageRollout,
        RolloutProgress.Production,
        RepositoryPath.Parse(Destination),
        [
            new PromoteStep(RepositoryPath.Parse(Source), RepositoryPath.Parse(Destination), Merge: true),
            new WriteRepoFileStep(RepositoryPath.Parse("repofiles/many.repo"), "[many]\n"),
            new RemoveStep(RepositoryPath.Parse(Source)),
        ]);

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == Publication.RefreshIndexHost.Command)
        {
            return Publication.RefreshIndexHost.Run(args);
        }

        if (args.Length != 4 || args[0] != Command)
        {
            Console.Error.WriteLine($"usage: {Command} ROOT PAUSE-AT MARKER");
            return 2;
        }

        var pauseAt = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var executor = new PlanExecutor(null, new PausingFileSystem(pauseAt, args[3]).For);
        var result = executor.ApplyAsync(Plan(), args[1], CancellationToken.None).GetAwaiter().GetResult();
        return result.Succeeded ? 0 : 1;
    }
}
