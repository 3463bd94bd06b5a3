using System.Collections.Immutable;
using SwRel.Repository.Planning;

namespace SwRel.Pipeline;

/// <summary>What the processor did with one request.</summary>
/// <param name="RequestId">The request's identifier in the queue.</param>
/// <param name="Request">The request.</param>
/// <param name="Attempt">Which attempt this was, from 1.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Message">What happened, in words (the failure's message when it failed).</param>
/// <param name="Plans">The plans carried out, in order (the request's own, then a promoted Deferred ticket's).</param>
/// <param name="Transitions">The RolloutProgress changes the pipeline made, in order.</param>
/// <remarks>Immutable.</remarks>
public sealed record ProcessingReport(
    long RequestId,
    ProvisioningRequest Request,
    int Attempt,
    ProcessingOutcome Outcome,
    string Message,
    ImmutableArray<RepositoryPlan> Plans,
    ImmutableArray<PipelineTransition> Transitions);
