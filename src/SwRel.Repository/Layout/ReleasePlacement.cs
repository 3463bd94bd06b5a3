using SwRel.Domain.Tickets;
using SwRel.Metadata.Releases;

namespace SwRel.Repository.Layout;

/// <summary>
/// What the layout needs to know about one release: its descriptor and ticket fields, and what follows from them
/// (family, release type, Debian family and codename). Made by <see cref="RepositoryLayout.Place"/>.
/// </summary>
/// <param name="Descriptor">The release descriptor.</param>
/// <param name="MajorRelease">The ticket's AssociatedMajorRelease.</param>
/// <param name="ReleaseType">The release type in force: the ticket's, else the descriptor's <c>incremental</c>, else the configured default.</param>
/// <param name="Family">
/// Yum or apt: the descriptor's repository element decides (then its repo file); without one, the target platform's
/// name (<c>debian-…</c>, <c>ubuntu-…</c> are apt, everything else yum).
/// </param>
/// <param name="AptFamily">For an apt release with a readable platform, <c>debian</c> or <c>ubuntu</c>; otherwise <see langword="null"/>.</param>
/// <param name="AptCodename">For an apt release with a readable platform, the codename (for example <c>squeeze</c>); otherwise <see langword="null"/>.</param>
/// <param name="TicketId">The ticket id, when known.</param>
/// <remarks>Immutable.</remarks>
public sealed record ReleasePlacement(
    ReleaseDescriptor Descriptor,
    MajorRelease MajorRelease,
    ReleaseType ReleaseType,
    RepositoryFamily Family,
    string? AptFamily,
    string? AptCodename,
    int? TicketId)
{
    /// <summary>Gets the production channel: <c>updates</c> for Incremental releases, <c>base</c> otherwise.</summary>
    public string Channel => ReleaseType == ReleaseType.Incremental ? "updates" : "base";
}
