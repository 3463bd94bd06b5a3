namespace SwRel.Server.Status;

/// <summary>A release in the catalogue as <c>GET /api/releases</c> shows it.</summary>
/// <param name="Product">The product.</param>
/// <param name="Version">Its version.</param>
/// <param name="MajorRelease">The major release it belongs to.</param>
/// <param name="Area">Unverified, StageRollout or Production.</param>
/// <param name="Path">Its folder below the repository root.</param>
/// <param name="TicketId">The ticket that brought it, when known.</param>
/// <param name="ChecksumsVerified">Whether its files were checked against a checksum manifest.</param>
/// <param name="RecordedAtUtc">When it was recorded.</param>
internal sealed record ReleaseView(string Product, string Version, string MajorRelease, string Area, string Path, int? TicketId, bool ChecksumsVerified, DateTimeOffset RecordedAtUtc);
