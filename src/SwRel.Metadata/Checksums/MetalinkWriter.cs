using System.Globalization;
using System.Text;
using System.Xml;

namespace SwRel.Metadata.Checksums;

/// <summary>Writes a <see cref="ChecksumManifest"/> as Metalink 4 (RFC 5854): one <c>&lt;file name&gt;</c> per entry with its <c>&lt;size&gt;</c> and <c>&lt;hash type&gt;</c> elements.</summary>
/// <remarks>
/// Output is UTF-8 without a byte-order mark, indented, in the manifest's entry order, hashes strongest first.
/// <see cref="WriteFile"/> writes through a temporary file in the same folder and renames it, so a reader never
/// sees a half-written manifest. Thread-safe: the type has no state.
/// </remarks>
public static class MetalinkWriter
{
    /// <summary>Writes the manifest to a stream. The stream is left open.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="stream">The destination.</param>
    /// <exception cref="ArgumentException">A path holds a character XML cannot carry (a control character).</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    public static void Write(ChecksumManifest manifest, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            CloseOutput = false,
        };

        using var writer = XmlWriter.Create(stream, settings);
        writer.WriteStartDocument();
        writer.WriteStartElement("metalink", ChecksumManifestReader.MetalinkNamespace);
        writer.WriteElementString("generator", ChecksumManifestReader.MetalinkNamespace, "SwRel");
        foreach (var entry in manifest.Entries)
        {
            writer.WriteStartElement("file", ChecksumManifestReader.MetalinkNamespace);
            writer.WriteAttributeString("name", entry.Path);
            if (entry.Size is { } size)
            {
                writer.WriteElementString("size", ChecksumManifestReader.MetalinkNamespace, size.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var (algorithm, hex) in entry.Hashes)
            {
                writer.WriteStartElement("hash", ChecksumManifestReader.MetalinkNamespace);
                writer.WriteAttributeString("type", ChecksumAlgorithms.ToName(algorithm));
                writer.WriteString(hex);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
        writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes the manifest to a string.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>The Metalink 4 document.</returns>
    /// <exception cref="ArgumentException">A path holds a character XML cannot carry (a control character).</exception>
    public static string WriteToString(ChecksumManifest manifest)
    {
        using var stream = new MemoryStream();
        Write(manifest, stream);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes the manifest to a file atomically: a temporary file beside it is written, flushed and renamed over it.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="path">The destination file; replaced if it exists.</param>
    /// <remarks>Errors name <paramref name="path"/> or its folder, never the temporary file.</remarks>
    /// <exception cref="ArgumentException">A path holds a character XML cannot carry (a control character).</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a folder, or the file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    public static void WriteFile(ChecksumManifest manifest, string path)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot write '{path}': the folder '{folder}' does not exist.");
        }

        if (Directory.Exists(full))
        {
            throw new IOException($"Cannot write '{path}': it is a folder.");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(manifest, stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"Cannot write '{path}': files may not be created or replaced in '{folder}'.", e);
        }
        catch (IOException e)
        {
            // The runtime's message names the temporary file, which means nothing to the user: name the target.
            throw new IOException($"Cannot write '{path}': {e.Message.Replace(temporary, full, StringComparison.Ordinal)}", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
