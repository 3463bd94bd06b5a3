namespace SwRel.Metadata.Checksums;

/// <summary>How far a verification (or a manifest creation) has got.</summary>
/// <param name="BytesDone">Bytes hashed so far.</param>
/// <param name="TotalBytes">Bytes to hash in all: the sizes of the files found when the run started.</param>
/// <param name="FilesDone">Entries finished so far, whatever their outcome.</param>
/// <param name="TotalFiles">Entries in all.</param>
public readonly record struct VerificationProgress(long BytesDone, long TotalBytes, int FilesDone, int TotalFiles)
{
    /// <summary>Gets the fraction done, from 0 to 1, by bytes (by files when there are no bytes to hash).</summary>
    public double Fraction => TotalBytes > 0
        ? Math.Clamp((double)BytesDone / TotalBytes, 0, 1)
        : TotalFiles > 0 ? (double)FilesDone / TotalFiles : 1;
}
