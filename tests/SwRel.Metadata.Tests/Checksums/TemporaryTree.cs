using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using SwRel.Metadata.Checksums;

namespace SwRel.Metadata.Tests.Checksums;

/// <summary>A throw-away folder for one test.</summary>
internal sealed class TemporaryTree : IDisposable
{
    public TemporaryTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "swrel-checksums-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public string Write(string relative, byte[] content)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    public string Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    /// <summary>Makes a FIFO (named pipe): opening it for reading would wait for a writer for ever.</summary>
    public string MakeFifo(string relative)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [full]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return full;
    }

    public static string Sha256(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    public static string Sha256(string content) => Sha256(Encoding.UTF8.GetBytes(content));

    public static ChecksumEntry EntryFor(string path, string content, bool withSize = true) =>
        ChecksumEntry.Create(path, withSize ? Encoding.UTF8.GetByteCount(content) : null, ChecksumAlgorithm.Sha256, Sha256(content));

    public static ChecksumManifest Manifest(params ChecksumEntry[] entries) => new(ManifestFormat.Metalink4, [.. entries]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
