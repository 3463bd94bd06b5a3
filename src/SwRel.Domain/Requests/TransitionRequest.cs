using System.Globalization;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Requests;

/// <summary>A validated transition request: the repository's POST API message (SPEC §6).</summary>
/// <param name="TicketId">The ticket number; positive.</param>
/// <param name="Previous">Previous_Rollout_Progress: the state the ticket left.</param>
/// <param name="Current">Current_Rollout_Progress: the state the ticket entered.</param>
/// <param name="EmergencyRelease">Emergency_Release: Yes (<see langword="true"/>) or No.</param>
/// <remarks>Obtain one from <see cref="TransitionRequestParser"/>, which guarantees the transition is in the table for the emergency flag.</remarks>
public readonly record struct TransitionRequest(int TicketId, RolloutProgress Previous, RolloutProgress Current, bool EmergencyRelease)
{
    /// <summary>Formats the request as a form-encoded body with the SPEC §6 field names.</summary>
    /// <returns>For example <c>Ticket_Id=1&amp;Previous_Rollout_Progress=Submitted&amp;Current_Rollout_Progress=Unverified&amp;Emergency_Release=No</c>.</returns>
    public string ToFormBody() => string.Create(
        CultureInfo.InvariantCulture,
        $"{TransitionRequestParser.TicketIdField}={TicketId}&{TransitionRequestParser.PreviousField}={Previous.ToName()}&{TransitionRequestParser.CurrentField}={Current.ToName()}&{TransitionRequestParser.EmergencyField}={(EmergencyRelease ? "Yes" : "No")}");
}
