namespace SwRel.Metadata.Checksums;

/// <summary>How <see cref="ChecksumVerifier"/> and <see cref="ManifestBuilder"/> read and hash files.</summary>
/// <remarks>
/// A plain options class, checked by <see cref="Validate"/> when a verifier is created. Memory use is bounded by
/// <see cref="Parallelism"/> × <see cref="BufferSize"/> whatever the size of the files.
/// </remarks>
public sealed class VerifierOptions
{
    /// <summary>The default buffer size, 1 MiB.</summary>
    public const int DefaultBufferSize = 1024 * 1024;

    /// <summary>Gets or sets how many files are hashed at once. Default: <see cref="Environment.ProcessorCount"/>.</summary>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Gets or sets whether files under the root that the manifest does not list are reported as
    /// <see cref="EntryStatus.Extra"/>, the manifest file included when it sits there (a <see cref="VerificationScope"/>
    /// given to one verification can leave it out). Default <see langword="false"/>.
    /// </summary>
    public bool ReportExtra { get; set; }

    /// <summary>Gets or sets whether entries whose strongest hash is SHA-1 or MD5 refuse the whole manifest. Default <see langword="false"/> (they are verified and flagged weak).</summary>
    public bool RefuseWeakAlgorithms { get; set; }

    /// <summary>Gets or sets the read buffer per concurrent file, in bytes (4 KiB to 64 MiB). Default 1 MiB.</summary>
    public int BufferSize { get; set; } = DefaultBufferSize;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Parallelism"/> is below 1 or <see cref="BufferSize"/> is outside 4 KiB to 64 MiB.</exception>
    public void Validate()
    {
        if (Parallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "Parallelism must be at least 1.");
        }

        if (BufferSize is < 4096 or > 64 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "The buffer size must be between 4 KiB and 64 MiB.");
        }
    }
}
