using System.Collections.Immutable;
using SwRel.IO;

namespace SwRel.Repository.Transports;

/// <summary>What a transport fetched.</summary>
/// <param name="Source">The URL or path fetched from.</param>
/// <param name="Destination">The full path of the local folder that now holds the release.</param>
/// <param name="Files">The files in <paramref name="Destination"/>, relative to it, '/'-separated, in ordinal order.</param>
/// <param name="Bytes">The total size of <paramref name="Files"/>.</param>
public sealed record TransportResult(string Source, string Destination, ImmutableArray<string> Files, long Bytes)
{
    /// <summary>Lists what a fetch left in its destination, never following a link (links and special files are not counted).</summary>
    internal static TransportResult Of(string source, ConfinedRoot destination)
    {
        var files = ImmutableArray.CreateBuilder<string>();
        long bytes = 0;
        foreach (var (relative, kind) in destination.EnumerateTree(""))
        {
            if (kind == EntryKind.File && destination.Stat(relative, out var length) == EntryKind.File)
            {
                files.Add(relative);
                bytes += length;
            }
        }

        files.Sort(StringComparer.Ordinal);
        return new TransportResult(source, destination.FullPath, files.ToImmutable(), bytes);
    }
}
