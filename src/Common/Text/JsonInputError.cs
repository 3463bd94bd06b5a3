namespace SwRel.Text;

/// <summary>Why a JSON text was refused before it was read, and where: the JSON path of the value and its line and column.</summary>
/// <param name="Path">The JSON path of the value the problem is in, for example <c>$.steps[2].source</c>; <c>$</c> for the document.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column, in characters.</param>
/// <param name="Reason">What is wrong, as a sentence without the location.</param>
internal readonly record struct JsonInputError(string Path, int Line, int Column, string Reason)
{
    /// <summary>Returns the error as <c>PATH (line L, column C): reason</c>.</summary>
    public override string ToString() => $"{Path} (line {Line}, column {Column}): {Reason}";
}
