namespace SwRel.Domain.Metrics;

/// <summary>M.SA1.3-7: the distinct releases the teams of one NGI reported on in one month.</summary>
/// <remarks>
/// A release two teams of the NGI reported on counts once, so <see cref="Releases"/> is at least each of
/// its teams' <see cref="TeamMonthlyParticipation.Releases"/> and at most their sum. Immutable.
/// </remarks>
/// <param name="Month">The month of the reports.</param>
/// <param name="Ngi">The NGI, as first spelled in the input.</param>
/// <param name="Teams">Distinct teams of the NGI that reported in the month.</param>
/// <param name="Releases">Distinct tickets the NGI's teams reported on in the month; at least 1.</param>
public sealed record NgiMonthlyParticipation(UtcMonth Month, string Ngi, int Teams, int Releases);
