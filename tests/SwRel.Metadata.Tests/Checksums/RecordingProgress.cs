using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

/// <summary>Collects progress reports synchronously, on whatever thread reports them.</summary>
internal sealed class RecordingProgress : IProgress<VerificationProgress>
{
    private readonly Lock _gate = new();
    private readonly List<VerificationProgress> _reports = [];

    public Action<VerificationProgress>? OnReport { get; init; }

    public IReadOnlyList<VerificationProgress> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(VerificationProgress value)
    {
        lock (_gate)
        {
            _reports.Add(value);
        }

        OnReport?.Invoke(value);
    }
}
