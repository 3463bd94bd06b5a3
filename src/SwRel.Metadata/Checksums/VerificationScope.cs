namespace SwRel.Metadata.Checksums;

/// <summary>
/// What one verification accounts for besides the manifest's entries: whether the files under the root that the
/// manifest does not list are reported as <see cref="EntryStatus.Extra"/>, and which of them may stay unlisted.
/// </summary>
/// <remarks>
/// A plain options class, given to <see cref="ChecksumVerifier.VerifyAsync(ChecksumManifest, string, VerificationScope, IProgress{VerificationProgress}?, CancellationToken)"/>
/// for one call. A manifest cannot list itself, so a manifest that sits under the root it describes belongs in
/// <see cref="AllowedUnlisted"/>; so does a descriptor published beside the files (<c>release.xml</c>).
/// </remarks>
public sealed class VerificationScope
{
    /// <summary>Gets or sets whether files under the root that the manifest does not list are reported as <see cref="EntryStatus.Extra"/>. Default <see langword="false"/>.</summary>
    public bool ReportExtra { get; set; }

    /// <summary>
    /// Gets or sets the paths below the root (with <c>/</c>, as a manifest spells them) that are never reported as
    /// extra: the manifest file itself, a descriptor beside the files. Default none.
    /// </summary>
    public IReadOnlyCollection<string> AllowedUnlisted { get; set; } = [];
}
