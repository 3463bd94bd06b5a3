namespace SwRel.Cli.Tests.Inputs;

/// <summary>Standard input that never ends, like <c>/dev/zero</c> piped in: a command must stop at its own cap.</summary>
internal sealed class EndlessReader(char fill) : TextReader
{
    public long CharactersRead { get; private set; }

    public override int Peek() => fill;

    public override int Read()
    {
        CharactersRead++;
        return fill;
    }

    public override int Read(char[] buffer, int index, int count)
    {
        buffer.AsSpan(index, count).Fill(fill);
        CharactersRead += count;
        return count;
    }

    public override int Read(Span<char> buffer)
    {
        buffer.Fill(fill);
        CharactersRead += buffer.Length;
        return buffer.Length;
    }
}
