using SwRel.Domain.Requests;
using SwRel.Domain.Workflow;

namespace SwRel.Pipeline;

/// <summary>
/// A validated transition request as the queue holds it: the ticket moved from
/// <see cref="Previous"/> to <see cref="Current"/> and the repository must carry out its part
/// (SPEC §6, §12).
/// </summary>
/// <param name="TicketId">The ticket's number (positive).</param>
/// <param name="Previous">The state the ticket left (<c>Previous_Rollout_Progress</c>).</param>
/// <param name="Current">The state the ticket entered (<c>Current_Rollout_Progress</c>).</param>
/// <param name="Emergency">Whether the ticket's EmergencyRelease is <c>Yes</c>.</param>
/// <remarks>Immutable. Validation against the transition table happens in the processor, so that an illegal request still ends as a comment and Failed on its ticket.</remarks>
public sealed record ProvisioningRequest(int TicketId, RolloutProgress Previous, RolloutProgress Current, bool Emergency)
{
    /// <summary>Makes the queued form of a transition request that <see cref="TransitionRequestParser"/> parsed and validated.</summary>
    /// <param name="request">The validated request (a <see cref="TransitionRequestResult"/> whose <c>IsValid</c> is true).</param>
    /// <returns>The request to enqueue.</returns>
    public static ProvisioningRequest From(TransitionRequest request) =>
        new(request.TicketId, request.Previous, request.Current, request.EmergencyRelease);

    /// <summary>Returns the request as SwRel.Domain's decisions take it.</summary>
    internal TransitionRequest ToTransitionRequest() => new(TicketId, Previous, Current, Emergency);

    /// <inheritdoc/>
    public override string ToString() =>
        $"ticket #{TicketId}: {RolloutProgressText.ToName(Previous)} -> {RolloutProgressText.ToName(Current)}{(Emergency ? " (emergency)" : "")}";
}
