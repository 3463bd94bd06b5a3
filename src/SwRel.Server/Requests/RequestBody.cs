using System.Buffers;
using Microsoft.AspNetCore.Http;
using SwRel.Domain.Requests;

namespace SwRel.Server.Requests;

/// <summary>Reads a request body whole, up to the size a transition request may have.</summary>
internal static class RequestBody
{
    /// <summary>Reads the body; <see langword="null"/> when it is longer than <see cref="TransitionRequestParser.MaxBodyLength"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > TransitionRequestParser.MaxBodyLength)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 256, 64 * 1024) + 1);
        var body = request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > TransitionRequestParser.MaxBodyLength)
            {
                return null;
            }
        }
    }
}
