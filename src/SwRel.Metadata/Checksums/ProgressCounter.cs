namespace SwRel.Metadata.Checksums;

/// <summary>Counts bytes and files done from many threads and reports them.</summary>
internal sealed class ProgressCounter(IProgress<VerificationProgress>? progress, long totalBytes, int totalFiles)
{
    private long _bytesDone;
    private int _filesDone;

    public long BytesDone => Interlocked.Read(ref _bytesDone);

    public void AddBytes(long bytes)
    {
        var done = Interlocked.Add(ref _bytesDone, bytes);
        progress?.Report(new VerificationProgress(done, totalBytes, Volatile.Read(ref _filesDone), totalFiles));
    }

    public void FileDone()
    {
        var files = Interlocked.Increment(ref _filesDone);
        progress?.Report(new VerificationProgress(Interlocked.Read(ref _bytesDone), totalBytes, files, totalFiles));
    }

    public void ReportNow() =>
        progress?.Report(new VerificationProgress(Interlocked.Read(ref _bytesDone), totalBytes, Volatile.Read(ref _filesDone), totalFiles));
}
