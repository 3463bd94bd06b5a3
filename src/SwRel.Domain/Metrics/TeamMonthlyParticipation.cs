namespace SwRel.Domain.Metrics;

/// <summary>M.SA1.3-6: the distinct releases one early-adopter team reported on in one month.</summary>
/// <remarks>A team is its name together with its NGI. Immutable.</remarks>
/// <param name="Month">The month of the reports.</param>
/// <param name="Ngi">The team's NGI, as first spelled in the input.</param>
/// <param name="Team">The team, as first spelled in the input.</param>
/// <param name="Releases">Distinct tickets the team reported on in the month; at least 1.</param>
public sealed record TeamMonthlyParticipation(UtcMonth Month, string Ngi, string Team, int Releases);
