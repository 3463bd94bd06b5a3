namespace SwRel.Metadata.Checksums;

/// <summary>Reads a prefix already taken from a reader, then the rest of that reader.</summary>
internal sealed class PrefixedTextReader(string prefix, TextReader rest) : TextReader
{
    private int _position;

    public override int Peek() => _position < prefix.Length ? prefix[_position] : rest.Peek();

    public override int Read() => _position < prefix.Length ? prefix[_position++] : rest.Read();

    public override int Read(char[] buffer, int index, int count)
    {
        if (_position >= prefix.Length)
        {
            return rest.Read(buffer, index, count);
        }

        var copied = Math.Min(count, prefix.Length - _position);
        prefix.CopyTo(_position, buffer, index, copied);
        _position += copied;
        return copied;
    }
}
