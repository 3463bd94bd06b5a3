namespace SwRel.Repository.Publication;

/// <summary>
/// Where the publisher puts the public signing keys, relative to the repository root, and where the repo files it
/// writes expect apt clients to keep them.
/// </summary>
/// <remarks>
/// Fixed names, so that a repo file written once keeps working across key rotations: each file holds every published
/// key (the signing key and <see cref="PublicationOptions.PublishedKeys"/>).
/// </remarks>
public static class PublishedKeys
{
    /// <summary>The armored keys, named by <c>gpgkey=</c> in <c>.repo</c> files: <c>keys/RPM-GPG-KEY-swrel</c>.</summary>
    public const string ArmoredPath = "keys/RPM-GPG-KEY-swrel";

    /// <summary>The binary keyring for apt's <c>signed-by</c>: <c>keys/swrel-archive-keyring.gpg</c>.</summary>
    public const string KeyringPath = "keys/swrel-archive-keyring.gpg";

    /// <summary>Where a site installs <see cref="KeyringPath"/>, named by <c>signed-by</c> in <c>.list</c> files.</summary>
    public const string AptKeyringLocation = "/etc/apt/keyrings/swrel-archive-keyring.gpg";
}
