using System.Collections.Immutable;

namespace SwRel.Repository.Transports;

/// <summary>What a transport fetched.</summary>
/// <param name="Source">The URL or path fetched from.</param>
/// <param name="Destination">The full path of the local folder that now holds the release.</param>
/// <param name="Files">The files in <paramref name="Destination"/>, relative to it, '/'-separated, in ordinal order.</param>
/// <param name="Bytes">The total size of <paramref name="Files"/>.</param>
public sealed record TransportResult(string Source, string Destination, ImmutableArray<string> Files, long Bytes)
{
    internal static TransportResult Of(string source, string destination)
    {
        var files = ImmutableArray.CreateBuilder<string>();
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories))
        {
            files.Add(Path.GetRelativePath(destination, file).Replace(Path.DirectorySeparatorChar, '/'));
            bytes += new FileInfo(file).Length;
        }

        files.Sort(StringComparer.Ordinal);
        return new TransportResult(source, destination, files.ToImmutable(), bytes);
    }
}
