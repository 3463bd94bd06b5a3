namespace SwRel.Domain.Text;

/// <summary>A CSV text is not valid RFC 4180, or goes beyond a limit of <see cref="Rfc4180"/>; says where.</summary>
/// <remarks>The message is <c>line N: reason.</c> or <c>line N, field F: reason.</c>.</remarks>
internal sealed class CsvFormatException : FormatException
{
    public CsvFormatException(int line, int field, string reason)
        : base(field > 0 ? $"line {line}, field {field}: {reason}." : $"line {line}: {reason}.")
    {
        Line = line;
        Field = field;
        Reason = reason;
    }

    /// <summary>Gets the 1-based line where the problem was found.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based field of the record, or 0 when the problem is not in one field.</summary>
    public int Field { get; }

    /// <summary>Gets what is wrong, without the location or a closing full stop.</summary>
    public string Reason { get; }
}
