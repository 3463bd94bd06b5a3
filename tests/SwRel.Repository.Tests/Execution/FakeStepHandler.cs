using SwRel.Repository.Execution;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Execution;

/// <summary>A step handler whose fetch copies a local folder and whose other steps just record themselves.</summary>
internal sealed class FakeStepHandler(string fetchFrom) : IPlanStepHandler
{
    public List<string> Calls { get; } = [];

    public string? FailOn { get; init; }

    public bool CanHandle(string kind) => kind is "fetch" or "verify" or "refresh-index" or "set-repository-url";

    public ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken)
    {
        Calls.Add(context.Step.Kind);
        if (context.Step.Kind == FailOn)
        {
            throw new InvalidOperationException($"{FailOn} failed on purpose");
        }

        if (context.Step is FetchStep fetch)
        {
            var destination = context.LocalPath(fetch.Destination);
            Assert.True(Directory.Exists(destination));
            Assert.Empty(Directory.EnumerateFileSystemEntries(destination));
            TreeSnapshot.CopyTree(fetchFrom, destination);
        }

        return ValueTask.FromResult($"{context.Step.Kind} done");
    }
}
