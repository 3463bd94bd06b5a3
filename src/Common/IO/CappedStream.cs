using System.Buffers;

namespace SwRel.IO;

/// <summary>Reads a stream of bounded size (a manifest, a ticket attachment) into memory, refusing one that is too large.</summary>
internal static class CappedStream
{
    private const int ChunkBytes = 81920;

    /// <summary>
    /// Reads <paramref name="source"/> to its end into a new memory stream positioned at its start. Reads at most one chunk
    /// past <paramref name="limit"/>, so an oversized source is refused without reading it all.
    /// </summary>
    /// <param name="source">The stream to read; left open.</param>
    /// <param name="limit">The largest accepted size in bytes.</param>
    /// <param name="tooLarge">Makes the exception thrown when the source is larger than <paramref name="limit"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The content, positioned at 0.</returns>
    public static async ValueTask<MemoryStream> ReadAsync(Stream source, long limit, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw tooLarge();
                }

                buffer.Write(chunk, 0, read);
            }

            buffer.Position = 0;
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
