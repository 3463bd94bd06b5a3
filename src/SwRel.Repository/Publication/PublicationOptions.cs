namespace SwRel.Repository.Publication;

/// <summary>
/// How the built-in publisher indexes and signs a repository area: the GnuPG key that signs, the keys that are
/// published for clients, and the programs it runs.
/// </summary>
/// <remarks>
/// A plain options object, read when the publisher is built. <see cref="GnuPgHome"/> and <see cref="SigningKey"/> are
/// required. The programs are looked up on <c>PATH</c> unless given as paths; they come with the Debian packages
/// <c>createrepo-c</c>, <c>apt-utils</c>, <c>gnupg</c>, <c>gpgv</c> and <c>rpm</c>.
/// </remarks>
public sealed class PublicationOptions
{
    /// <summary>Gets or sets the GnuPG home folder that holds the signing key (its secret part, without a passphrase).</summary>
    public string GnuPgHome { get; set; } = "";

    /// <summary>Gets or sets the key that signs packages and indexes: a fingerprint, key id or user id that GnuPG accepts.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// Gets or sets further keys of <see cref="GnuPgHome"/> that are published beside the signing key (default none).
    /// For a key rotation, the new key is added here and published before it becomes <see cref="SigningKey"/>, so that
    /// clients already trust it when the first index signed with it appears.
    /// </summary>
    public IReadOnlyList<string> PublishedKeys { get; set; } = [];

    /// <summary>Gets or sets the <c>createrepo_c</c> program (default <c>createrepo_c</c>).</summary>
    public string CreaterepoPath { get; set; } = "createrepo_c";

    /// <summary>Gets or sets the <c>apt-ftparchive</c> program (default <c>apt-ftparchive</c>).</summary>
    public string AptFtparchivePath { get; set; } = "apt-ftparchive";

    /// <summary>Gets or sets the <c>gpg</c> program (default <c>gpg</c>).</summary>
    public string GpgPath { get; set; } = "gpg";

    /// <summary>Gets or sets the <c>gpgv</c> program that checks signatures against the published keys (default <c>gpgv</c>).</summary>
    public string GpgvPath { get; set; } = "gpgv";

    /// <summary>Gets or sets the <c>rpmsign</c> program (default <c>rpmsign</c>).</summary>
    public string RpmsignPath { get; set; } = "rpmsign";

    /// <summary>Gets or sets how long one program may run before it is stopped (default 10 minutes).</summary>
    public TimeSpan ProgramTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
