namespace SwRel.Metadata.Checksums;

/// <summary>A hash algorithm a checksum manifest may name (SPEC §9).</summary>
/// <remarks>
/// The members are ordered from strongest to weakest: when an entry carries several hashes the verifier
/// checks the one with the lowest value. <see cref="Sha1"/> and <see cref="Md5"/> are weak
/// (<see cref="ChecksumAlgorithms.IsWeak"/>).
/// </remarks>
public enum ChecksumAlgorithm
{
    /// <summary>SHA-512 (Metalink <c>sha-512</c>, BSD tag <c>SHA512</c>).</summary>
    Sha512 = 0,

    /// <summary>SHA-384 (Metalink <c>sha-384</c>, BSD tag <c>SHA384</c>).</summary>
    Sha384 = 1,

    /// <summary>SHA-256 (Metalink <c>sha-256</c>, BSD tag <c>SHA256</c>): the default.</summary>
    Sha256 = 2,

    /// <summary>SHA-1 (Metalink <c>sha-1</c>, BSD tag <c>SHA1</c>): weak.</summary>
    Sha1 = 3,

    /// <summary>MD5 (Metalink <c>md5</c>, BSD tag <c>MD5</c>): weak.</summary>
    Md5 = 4,
}
