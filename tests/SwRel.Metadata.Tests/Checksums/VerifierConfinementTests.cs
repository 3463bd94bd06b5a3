using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

/// <summary>
/// A file swapped for a link or a FIFO after the verifier looked at it is refused when it is opened: the outside
/// file's content is never hashed and reported as "ok", and a pipe never makes the verifier wait.
/// </summary>
public sealed class VerifierConfinementTests : IDisposable
{
    private readonly TemporaryTree _tree = new();
    private readonly TemporaryTree _outside = new();

    public void Dispose()
    {
        _tree.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task A_file_swapped_for_a_link_to_an_outside_file_during_verification_is_not_read()
    {
        _outside.Write("secret", "same content\n");
        var report = await VerifySwapping(() => File.CreateSymbolicLink(_tree.PathOf("b.txt"), _outside.PathOf("secret")));

        var swapped = report.Entries.Single(e => e.Path == "b.txt");
        Assert.Equal(EntryStatus.Unreadable, swapped.Status);
        Assert.Null(swapped.Actual);
        Assert.Contains("is a symbolic link", swapped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_swapped_for_a_FIFO_during_verification_is_reported_at_once()
    {
        var report = await VerifySwapping(() => _tree.MakeFifo("b.txt")).WaitAsync(TimeSpan.FromMinutes(2));

        var swapped = report.Entries.Single(e => e.Path == "b.txt");
        Assert.Equal(EntryStatus.Unreadable, swapped.Status);
        Assert.Contains("FIFO", swapped.Reason, StringComparison.Ordinal);
    }

    /// <summary>Verifies a.txt (the larger, hashed first) and b.txt on one worker; when a.txt is done, b.txt is swapped.</summary>
    private async Task<VerificationReport> VerifySwapping(Action swap)
    {
        var large = new string('a', 100_000);
        _tree.Write("a.txt", large);
        _tree.Write("b.txt", "same content\n");
        var manifest = TemporaryTree.Manifest(TemporaryTree.EntryFor("a.txt", large), TemporaryTree.EntryFor("b.txt", "same content\n"));
        var progress = new SwapOnFirstFile(() =>
        {
            File.Delete(_tree.PathOf("b.txt"));
            swap();
        });

        return await new ChecksumVerifier(new VerifierOptions { Parallelism = 1 }).VerifyAsync(manifest, _tree.Root, progress);
    }

    /// <summary>Runs on the worker itself (unlike <see cref="Progress{T}"/>), so the swap happens before the next file is opened.</summary>
    private sealed class SwapOnFirstFile(Action swap) : IProgress<VerificationProgress>
    {
        private bool _done;

        public void Report(VerificationProgress value)
        {
            if (!_done && value.FilesDone >= 1)
            {
                _done = true;
                swap();
            }
        }
    }
}
