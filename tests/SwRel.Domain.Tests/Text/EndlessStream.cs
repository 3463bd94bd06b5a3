using System.Text;

namespace SwRel.Domain.Tests.Text;

/// <summary>A stream that repeats a text for ever, as <c>/dev/zero</c> does: a reader must stop at its own cap.</summary>
internal sealed class EndlessStream(string pattern) : Stream
{
    private readonly byte[] _pattern = Encoding.UTF8.GetBytes(pattern);
    private long _position;

    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            buffer[offset + i] = _pattern[(int)((_position + i) % _pattern.Length)];
        }

        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
