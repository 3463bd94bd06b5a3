namespace SwRel.Pipeline.Sqlite;

/// <summary>A comment on a ticket in the <see cref="SqliteTicketStore"/>.</summary>
/// <param name="AtUtc">When it was added.</param>
/// <param name="Author">Who added it (<c>Repo</c> for the daemon).</param>
/// <param name="Text">The comment.</param>
/// <remarks>Immutable.</remarks>
public sealed record TicketComment(DateTimeOffset AtUtc, string Author, string Text);
