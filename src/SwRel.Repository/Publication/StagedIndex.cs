using System.Collections.Immutable;

namespace SwRel.Repository.Publication;

/// <summary>An index the publisher built, signed and checked in a staging folder, ready to be put in place.</summary>
/// <param name="Detail">A sentence saying what was published, once the entries are in place.</param>
/// <param name="Entries">
/// What to put in place, in order: the keys and signing receipts, then yum's signed packages and apt's package indexes,
/// then what signs them (yum's <c>repodata</c>; apt's <c>Release</c>, <c>Release.gpg</c> and <c>InRelease</c> last), so
/// that a signed index never names a file that is not there yet. Files identical to the published ones are left out.
/// </param>
internal sealed record StagedIndex(string Detail, ImmutableArray<StagedEntry> Entries);
