namespace SwRel.Metadata.Releases;

/// <summary>
/// Text the reader inserted into a document at one line and column (the embedded NRMS DTD); maps the columns the XML
/// reader reports back to the document as written.
/// </summary>
/// <param name="Line">The 1-based line of the insertion, or 0 for none.</param>
/// <param name="Column">The 1-based column where the inserted text starts.</param>
/// <param name="Length">How many characters were inserted.</param>
internal readonly record struct Insertion(int Line, int Column, int Length)
{
    public int Original(int line, int column)
    {
        if (Length == 0 || line != Line || column < Column)
        {
            return column;
        }

        return column >= Column + Length ? column - Length : Column;
    }
}
