using System.Collections.Immutable;
using SwRel.Repository.Planning;

namespace SwRel.Pipeline;

/// <summary>What the processor did with one request.</summary>
/// <remarks>Immutable.</remarks>
public sealed record ProcessingReport
{
    /// <summary>Gets the request's identifier in the queue.</summary>
    public required long RequestId { get; init; }

    /// <summary>Gets the request.</summary>
    public required ProvisioningRequest Request { get; init; }

    /// <summary>Gets which attempt this was, from 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>Gets how it ended.</summary>
    public required ProcessingOutcome Outcome { get; init; }

    /// <summary>Gets what happened, in words (the failure's message when it failed).</summary>
    public required string Message { get; init; }

    /// <summary>Gets the plans carried out, in order (the request's own, then a promoted Deferred ticket's).</summary>
    public ImmutableArray<RepositoryPlan> Plans { get; init; } = ImmutableArray<RepositoryPlan>.Empty;

    /// <summary>Gets the RolloutProgress changes the pipeline made, in order.</summary>
    public ImmutableArray<PipelineTransition> Transitions { get; init; } = ImmutableArray<PipelineTransition>.Empty;
}
