using System.Buffers;
using System.Text.Unicode;

namespace SwRel.Domain.Text;

/// <summary>
/// Reads UTF-8 text from a stream strictly and with a size cap: bytes that are not UTF-8 are an error at their offset,
/// not a replacement character, and reading stops with an error once more than the cap has arrived.
/// </summary>
/// <remarks>
/// A leading UTF-8 byte order mark is skipped (spreadsheets write one). Every character before the first bad byte is
/// returned; the <see cref="TextInputException"/> comes when the reader reaches it, so that a caller that counts lines
/// knows where it is. Not thread-safe. Does not close the stream.
/// </remarks>
internal sealed class Utf8TextReader : TextReader
{
    private const int BufferSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly long _maxBytes;
    private readonly byte[] _bytes = new byte[BufferSize];
    private readonly char[] _chars = new char[BufferSize];
    private int _byteStart;
    private int _byteEnd;
    private int _charPosition;
    private int _charLength;
    private long _bytesDecoded;
    private long _bytesRead;
    private bool _endOfStream;
    private bool _first = true;
    private string? _pendingError;

    /// <summary>Initialises a reader.</summary>
    /// <param name="stream">The stream to read; not closed.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="what">What the input is, for the size message ("the histories file").</param>
    public Utf8TextReader(Stream stream, long maxBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _maxBytes = maxBytes;
        What = what;
    }

    private string What { get; }

    /// <inheritdoc/>
    public override int Peek() => _charPosition < _charLength || Fill() ? _chars[_charPosition] : -1;

    /// <inheritdoc/>
    public override int Read() => _charPosition < _charLength || Fill() ? _chars[_charPosition++] : -1;

    /// <inheritdoc/>
    public override int Read(Span<char> buffer)
    {
        if (_charPosition >= _charLength && !Fill())
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _charLength - _charPosition);
        _chars.AsSpan(_charPosition, count).CopyTo(buffer);
        _charPosition += count;
        return count;
    }

    /// <inheritdoc/>
    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    private bool Fill()
    {
        _charPosition = 0;
        _charLength = 0;
        while (_charLength == 0)
        {
            if (_pendingError is { } error)
            {
                throw new TextInputException(error);
            }

            if (_byteStart == _byteEnd && _endOfStream)
            {
                return false;
            }

            // Keep the bytes of an unfinished sequence at the front, then top up.
            if (_byteStart > 0)
            {
                _bytes.AsSpan(_byteStart, _byteEnd - _byteStart).CopyTo(_bytes);
                _byteEnd -= _byteStart;
                _byteStart = 0;
            }

            if (!_endOfStream && _byteEnd < _bytes.Length)
            {
                var read = _stream.Read(_bytes, _byteEnd, _bytes.Length - _byteEnd);
                _endOfStream = read == 0;
                _byteEnd += read;
                _bytesRead += read;
                if (_bytesRead > _maxBytes)
                {
                    _pendingError = $"{What} is larger than {_maxBytes:N0} bytes, the most accepted.";
                    continue;
                }
            }

            if (_first)
            {
                if (_byteEnd - _byteStart < 3 && !_endOfStream)
                {
                    continue;
                }

                _first = false;
                if (_bytes.AsSpan(_byteStart, _byteEnd - _byteStart).StartsWith("\uFEFF"u8))
                {
                    _byteStart += 3;
                    _bytesDecoded += 3;
                }
            }

            var status = Utf8.ToUtf16(
                _bytes.AsSpan(_byteStart, _byteEnd - _byteStart), _chars, out var consumed, out var written, replaceInvalidSequences: false, isFinalBlock: _endOfStream);
            _byteStart += consumed;
            _bytesDecoded += consumed;
            _charLength = written;
            if (status == OperationStatus.InvalidData)
            {
                _pendingError = $"the byte 0x{_bytes[_byteStart]:X2} at offset {_bytesDecoded:N0} is not valid UTF-8; save the file as UTF-8.";
            }
            else if (status == OperationStatus.NeedMoreData && _endOfStream)
            {
                _pendingError = $"the text ends inside a UTF-8 sequence at byte {_bytesDecoded:N0}.";
            }
        }

        return true;
    }
}
