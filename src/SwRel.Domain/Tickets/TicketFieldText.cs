namespace SwRel.Domain.Tickets;

/// <summary>The names of the ticket fields as SPEC §3 writes them, and as ticket systems name their custom fields.</summary>
/// <remarks>Thread-safe.</remarks>
public static class TicketFieldText
{
    /// <summary>Returns the field's name: <c>RepositoryURL</c>, <c>SyncProtocol</c>, <c>SyncURL</c>, <c>AssociatedMajorRelease</c>, …</summary>
    /// <param name="field">The field.</param>
    /// <returns>The name, as <see cref="TicketSnapshot.FromTicketSystem"/> expects it among the fields.</returns>
    public static string ToName(this TicketField field) => field switch
    {
        TicketField.RepositoryUrl => "RepositoryURL",
        TicketField.SyncUrl => "SyncURL",
        _ => field.ToString(),
    };
}
