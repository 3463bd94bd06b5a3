using SwRel.Domain.Workflow;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Publication;
using SwRel.Repository.Transports;

namespace SwRel.Repository.Tests.Publication;

/// <summary>
/// A child process of this test assembly (<c>dotnet SwRel.Repository.Tests.dll refresh-index ROOT FOLDER GNUPGHOME KEY</c>)
/// that applies a plan refreshing one folder's index with the built-in publisher, so that a test can run it as another user.
/// </summary>
internal static class RefreshIndexHost
{
    public const string Command = "refresh-index";

    public static int Run(string[] args)
    {
        if (args.Length != 5 || args[0] != Command)
        {
            Console.Error.WriteLine($"usage: {Command} ROOT FOLDER GNUPGHOME KEY");
            return 2;
        }

        var folder = RepositoryPath.Parse(args[2]);
        var plan = new RepositoryPlan(RolloutProgress.StageRollout, RolloutProgress.Production, folder, [new RefreshIndexStep(folder)]);
        using var client = new HttpClient();
        var handler = new ReleaseStepHandler(new TransportFactory(new TransportOptions(), client), new ReleaseStepHandlerOptions
        {
            Publication = new PublicationOptions { GnuPgHome = args[3], SigningKey = args[4] },
        });
        var result = new PlanExecutor(handler).ApplyAsync(plan, args[1], CancellationToken.None).GetAwaiter().GetResult();
        Console.Error.WriteLine(string.Join("; ", result.Conflicts));
        return result.Succeeded ? 0 : 1;
    }
}
