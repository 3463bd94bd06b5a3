namespace SwRel.Domain.Notifications;

/// <summary>Who is told directly when a ticket enters a state (SPEC §4, the notified column).</summary>
[Flags]
public enum NotificationRecipients
{
    /// <summary>Nobody.</summary>
    None = 0,

    /// <summary>The repository daemon, which acts on the change.</summary>
    Repo = 1 << 0,

    /// <summary>The requestor: the technology provider who submitted the release.</summary>
    Requestor = 1 << 1,
}
