namespace SwRel.Domain.Metrics;

/// <summary>One early-adopter (EA) report on a release in staged rollout (SPEC §7).</summary>
/// <remarks>
/// Team and NGI names are compared case-insensitively (ordinal). A team is identified by its name and
/// its NGI together, so the same name under two NGIs counts as two teams. Immutable.
/// </remarks>
public sealed record EarlyAdopterReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="ticket">The release's ticket, for example <c>4711</c>.</param>
    /// <param name="team">The early-adopter team that reported.</param>
    /// <param name="ngi">The National Grid Initiative the team belongs to.</param>
    /// <param name="outcome">Whether the team accepts or rejects the release.</param>
    /// <param name="atUtc">When the report was made; any offset, stored as UTC.</param>
    /// <exception cref="ArgumentException"><paramref name="ticket"/>, <paramref name="team"/> or <paramref name="ngi"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/>, <paramref name="team"/> or <paramref name="ngi"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outcome"/> is not a defined value.</exception>
    public EarlyAdopterReport(string ticket, string team, string ngi, EarlyAdopterOutcome outcome, DateTimeOffset atUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ticket);
        ArgumentException.ThrowIfNullOrWhiteSpace(team);
        ArgumentException.ThrowIfNullOrWhiteSpace(ngi);
        if (outcome is not (EarlyAdopterOutcome.Accept or EarlyAdopterOutcome.Reject))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "The outcome must be Accept or Reject.");
        }

        Ticket = ticket.Trim();
        Team = team.Trim();
        Ngi = ngi.Trim();
        Outcome = outcome;
        AtUtc = atUtc.ToUniversalTime();
    }

    /// <summary>Gets the release's ticket.</summary>
    public string Ticket { get; }

    /// <summary>Gets the early-adopter team, trimmed.</summary>
    public string Team { get; }

    /// <summary>Gets the team's NGI, trimmed.</summary>
    public string Ngi { get; }

    /// <summary>Gets whether the team accepts or rejects the release.</summary>
    public EarlyAdopterOutcome Outcome { get; }

    /// <summary>Gets when the report was made, in UTC.</summary>
    public DateTimeOffset AtUtc { get; }
}
