using SwRel.IO;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Publication;

/// <summary>Recognises a release that SwRel already published, although signing changed its packages.</summary>
/// <remarks>
/// The built-in publisher signs each <c>.rpm</c> in place, so a published release no longer has the bytes its provider's
/// manifest lists. For every package it signed it keeps a receipt below the repository root (<c>.swrel/signed/</c>)
/// with the size and hashes the package had before; a published file that differs from the manifest counts as the
/// listed one when such a receipt says it was signed from it. Thread-safe: it only reads.
/// </remarks>
public static class PublishedRelease
{
    /// <summary>
    /// Gets whether <paramref name="folder"/> holds every file <paramref name="manifest"/> lists, each with the listed
    /// content or signed by SwRel from a file with the listed size and hashes.
    /// </summary>
    /// <param name="root">The repository root, an existing local directory.</param>
    /// <param name="folder">The published release's folder below the root.</param>
    /// <param name="manifest">The provider's checksum manifest.</param>
    /// <param name="verifier">The checksum verifier that reads the folder.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns><see langword="true"/> when the folder holds that release; <see langword="false"/> when it is missing or holds something else.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The root or the folder is reached through a link, or cannot be read.</exception>
    /// <exception cref="OperationCanceledException">The check was cancelled.</exception>
    public static async Task<bool> HoldsAsync(string root, RepositoryPath folder, ChecksumManifest manifest, ChecksumVerifier verifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(verifier);
        using var repository = ConfinedRoot.Open(root);
        if (repository.Stat(folder.Value, out _) != EntryKind.Directory)
        {
            return false;
        }

        using var published = repository.OpenDirectory(folder.Value);
        var report = await verifier.VerifyAsync(manifest, published.PinnedPath, progress: null, cancellationToken).ConfigureAwait(false);
        if (report.IsRefused)
        {
            return false;
        }

        var listed = manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        foreach (var result in report.Entries)
        {
            if (result.Status == EntryStatus.Ok)
            {
                continue;
            }

            if (result.Status is not (EntryStatus.Mismatch or EntryStatus.SizeMismatch) || !listed.TryGetValue(result.Path, out var entry)
                || !SigningReceipts.WasSignedFrom(repository, SigningReceipts.Sha256(published, result.Path), entry))
            {
                return false;
            }
        }

        return true;
    }
}
