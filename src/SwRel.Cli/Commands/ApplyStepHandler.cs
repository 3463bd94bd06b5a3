using SwRel.Repository.Execution;
using SwRel.Repository.Pipeline;
using SwRel.Repository.Transports;

namespace SwRel.Cli.Commands;

/// <summary>
/// The steps <c>swrel apply</c> carries out itself, through the library's <see cref="ReleaseStepHandler"/>: fetch through the
/// transports, verify against the release's own manifest, refresh-index by running <c>--index-command</c> on the folder
/// (without it the executor refuses a plan with a refresh-index step), set-repository-url by reporting the URL (there is
/// no ticket system here).
/// </summary>
internal sealed class ApplyStepHandler(TransportFactory transports, string? indexCommand) : IPlanStepHandler
{
    private readonly ReleaseStepHandler _inner = new(
        transports,
        new ReleaseStepHandlerOptions
        {
            RefreshIndexCommand = indexCommand,
            SetRepositoryUrl = static (step, _) => ValueTask.FromResult($"RepositoryURL: {step.Path} (printed only: swrel apply has no ticket system)"),
        });

    public bool CanHandle(string kind) => _inner.CanHandle(kind);

    public ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken) => _inner.HandleAsync(context, cancellationToken);
}
