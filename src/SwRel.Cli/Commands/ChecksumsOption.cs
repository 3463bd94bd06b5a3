using System.CommandLine;
using SwRel.Metadata.Checksums;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>--checksums FILE</c> of <c>swrel plan</c> and <c>swrel apply</c>: the release's checksum manifest as the ticket's
/// ReleaseChecksums attachment carries it (SPEC §11), read from outside the provider's tree.
/// </summary>
internal static class ChecksumsOption
{
    public static Option<string?> Create(string purpose) => new("--checksums")
    {
        Description = $"The release's checksum manifest (the ticket's ReleaseChecksums attachment: Metalink 4 or SHA256SUMS style); {purpose}",
        HelpName = "FILE",
    };

    /// <summary>Reads the manifest, or prints why not (file:line:col for each error) and returns <see langword="null"/>.</summary>
    public static ChecksumManifest? Read(CliConsole console, string path)
    {
        ManifestReadResult read;
        try
        {
            read = ChecksumManifestReader.ReadFile(path);
        }
        catch (FileNotFoundException)
        {
            console.Error.WriteLine($"swrel: --checksums {path}: no such file.");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"swrel: --checksums {path}: {e.Message}");
            return null;
        }

        if (!read.Succeeded)
        {
            foreach (var error in read.Errors)
            {
                console.Error.WriteLine($"{path}:{error}");
            }

            return null;
        }

        if (read.Manifest!.Entries.IsEmpty)
        {
            console.Error.WriteLine($"swrel: --checksums {path} lists no files, so it vouches for nothing.");
            return null;
        }

        return read.Manifest;
    }
}
