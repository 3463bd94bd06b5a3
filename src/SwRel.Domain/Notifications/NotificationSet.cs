using System.Collections.Immutable;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Notifications;

/// <summary>Who is told about a RolloutProgress change, and the CC groups the ticket should have after it (SPEC §4).</summary>
/// <remarks>
/// Immutable. The CC groups are not applied at once: call <see cref="ResolveCcGroups"/> with the
/// repository's CommunicationStatus answer (<see cref="RolloutWorkflow.ApplyCommunicationStatus"/> does it for a ticket).
/// </remarks>
public sealed class NotificationSet
{
    /// <summary>Creates a notification set.</summary>
    /// <param name="entered">The state entered.</param>
    /// <param name="recipients">Who is notified directly.</param>
    /// <param name="ccGroups">The CC groups the ticket gets for this state, placeholders resolved.</param>
    /// <param name="adminCc">The group that is AdminCc on every change.</param>
    /// <param name="reason">The reason passed on to the recipients, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="adminCc"/> is null.</exception>
    public NotificationSet(RolloutProgress entered, NotificationRecipients recipients, ImmutableArray<string> ccGroups, string adminCc, string? reason)
    {
        ArgumentNullException.ThrowIfNull(adminCc);
        Entered = entered;
        Recipients = recipients;
        CcGroups = ccGroups.IsDefault ? ImmutableArray<string>.Empty : ccGroups;
        AdminCc = adminCc;
        Reason = reason;
    }

    /// <summary>Gets the state entered.</summary>
    public RolloutProgress Entered { get; }

    /// <summary>Gets who is notified directly.</summary>
    public NotificationRecipients Recipients { get; }

    /// <summary>Gets the CC groups the ticket has after the change (placeholders resolved).</summary>
    public ImmutableArray<string> CcGroups { get; }

    /// <summary>Gets the AdminCc group, copied on every change.</summary>
    public string AdminCc { get; }

    /// <summary>Gets the reason told to the recipients (rejections, Ignored, NotPublished), or null.</summary>
    public string? Reason { get; }

    /// <summary>Returns whether a CommunicationStatus answer is <c>OK</c> (case-insensitive, surrounding spaces ignored).</summary>
    /// <param name="communicationStatus">The repository's answer.</param>
    /// <returns><see langword="true"/> for OK.</returns>
    public static bool IsOk(string? communicationStatus) =>
        communicationStatus is not null && communicationStatus.AsSpan().Trim().Equals("OK", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Returns the ticket's CC groups after the repository answered <paramref name="communicationStatus"/>:
    /// on OK, purged and replaced by <see cref="CcGroups"/>; on any other answer, <paramref name="current"/> unchanged.
    /// </summary>
    /// <param name="current">The CC groups the ticket has now.</param>
    /// <param name="communicationStatus">The repository's answer for this change.</param>
    /// <returns>The CC groups to keep.</returns>
    public ImmutableArray<string> ResolveCcGroups(ImmutableArray<string> current, string? communicationStatus) =>
        IsOk(communicationStatus) ? CcGroups : (current.IsDefault ? ImmutableArray<string>.Empty : current);
}
