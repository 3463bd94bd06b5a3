namespace SwRel.Domain.Text;

/// <summary>The bytes of a text input are not valid UTF-8, or there are more of them than the reader accepts.</summary>
/// <remarks>The message is a sentence without the location in the text; a reader that knows the line adds it.</remarks>
internal sealed class TextInputException(string message) : FormatException(message);
