using SwRel.Domain.Requests;
using SwRel.Domain.Workflow;

namespace SwRel.Fuzz;

/// <summary>The transition request parser: every input goes through the form parser and the JSON parser, under both emergency policies.</summary>
/// <remarks>
/// <see cref="TransitionRequestParser"/> never throws for bad input: every problem comes back in
/// <see cref="TransitionRequestResult.Errors"/>. So nothing is caught.
/// </remarks>
public sealed class TransitionRequestTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "request";

    /// <inheritdoc />
    public override string Description => "transition requests, form-encoded and JSON (TransitionRequestParser.ParseForm and ParseJson)";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> input)
    {
        var text = FuzzInput.Text(input);
        foreach (var policy in (ReadOnlySpan<EmergencyPolicy>)[EmergencyPolicy.FastStagedRollout, EmergencyPolicy.StraightToProduction])
        {
            CheckResult(TransitionRequestParser.ParseForm(text, policy), policy);
            CheckResult(TransitionRequestParser.ParseJson(input, policy), policy);
            CheckResult(TransitionRequestParser.ParseJson(text, policy), policy);
        }
    }

    private void CheckResult(TransitionRequestResult result, EmergencyPolicy policy)
    {
        Check(!result.Errors.IsDefault, "Errors is never a default array.");
        foreach (var error in result.Errors)
        {
            Check(!string.IsNullOrWhiteSpace(error), "every error has a message.");
        }

        if (!result.IsValid)
        {
            Check(result.Request == default, "an invalid request carries no request.");
            return;
        }

        var request = result.Request;
        Check(request.TicketId > 0, $"a valid request has a positive ticket number, not {request.TicketId}.");
        Check(Enum.IsDefined(request.Previous) && Enum.IsDefined(request.Current), $"a valid request names known states, not {request.Previous} → {request.Current}.");
        Check(
            TransitionRequestParser.IsInTable(request.Previous, request.Current, request.EmergencyRelease, policy),
            $"a valid request is a row of the transition table ({request.Previous} → {request.Current}, emergency {request.EmergencyRelease}, {policy}).");

        var again = TransitionRequestParser.ParseForm(request.ToFormBody(), policy);
        Check(again.IsValid && again.Request == request, $"a valid request, written as a form body, reads back the same: {request.ToFormBody()}");
    }
}
