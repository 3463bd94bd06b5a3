using SwRel.Metadata.Checksums;

namespace SwRel.Cli.Terminal;

/// <summary>Draws a one-line progress bar on a terminal, redrawn at most ten times a second.</summary>
/// <remarks>Thread-safe: reports may come from several worker threads. Dispose clears the line.</remarks>
internal sealed class ProgressBar(TextWriter terminal, TimeProvider timeProvider) : IProgress<VerificationProgress>, IDisposable
{
    private const int Width = 30;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly Lock _gate = new();
    private long _lastDrawn = long.MinValue;
    private bool _drawn;

    public void Report(VerificationProgress value)
    {
        var finished = value.FilesDone >= value.TotalFiles && value.BytesDone >= value.TotalBytes;
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            if (!finished && _lastDrawn != long.MinValue && timeProvider.GetElapsedTime(_lastDrawn, now) < Interval)
            {
                return;
            }

            _lastDrawn = now;
            var filled = (int)Math.Round(value.Fraction * Width);
            terminal.Write(
                $"\r[{new string('#', filled)}{new string('-', Width - filled)}] {value.Fraction,4:P0}  {value.FilesDone}/{value.TotalFiles} files  {ByteSize.Format(value.BytesDone)}/{ByteSize.Format(value.TotalBytes)}   ");
            terminal.Flush();
            _drawn = true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_drawn)
            {
                terminal.Write("\r" + new string(' ', Width + 60) + "\r");
                terminal.Flush();
            }
        }
    }
}
