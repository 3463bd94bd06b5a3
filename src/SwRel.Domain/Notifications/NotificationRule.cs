namespace SwRel.Domain.Notifications;

/// <summary>One row of the notification matrix: who is told, and which CC groups a ticket gets, when it enters a state (SPEC §4).</summary>
/// <remarks>
/// A plain options class. A CC group name may contain <c>{MajorRelease}</c>, replaced by the ticket's
/// AssociatedMajorRelease (the early-adopters list of the major release is <c>{MajorRelease}-early-adopters</c> by default).
/// </remarks>
public sealed class NotificationRule
{
    /// <summary>Gets or sets who is notified directly. Default: nobody.</summary>
    public NotificationRecipients Notify { get; set; }

    /// <summary>Gets or sets the CC groups the ticket gets on entering the state. Default: none.</summary>
    public List<string> CcGroups { get; set; } = [];

    /// <summary>Gets or sets whether the notification carries the transition's reason. Default: false.</summary>
    public bool IncludeReason { get; set; }
}
