using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SwRel.Fuzz;

/// <summary>Names a failure found by fuzzing so that many inputs with the same cause group together.</summary>
public static partial class FuzzFailure
{
    /// <summary>
    /// Gets a one-line signature: the exception's type, its message with numbers and byte values blanked, and the first
    /// SwRel library frame; or the broken property.
    /// </summary>
    /// <param name="exception">The exception that escaped a target.</param>
    /// <returns>
    /// For example <c>System.InvalidOperationException: Cannot transcode invalid UTF-8 JSON text to UTF-16 string. at
    /// SwRel.Domain.Requests.TransitionRequestParser.ParseJson</c>.
    /// </returns>
    public static string Signature(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is FuzzInvariantException)
        {
            return $"{exception.GetType().FullName}: {exception.Message}";
        }

        foreach (var frame in new StackTrace(exception).GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            var name = type?.FullName;
            if (name is not null && name.StartsWith("SwRel.", StringComparison.Ordinal) && !name.StartsWith("SwRel.Fuzz.", StringComparison.Ordinal))
            {
                // A lambda or iterator lives in a nested compiler type; name the method it belongs to.
                while (type!.DeclaringType is not null && type.Name.StartsWith('<'))
                {
                    type = type.DeclaringType;
                }

                return $"{Cause(exception)} at {type.FullName}.{frame.GetMethod()!.Name}";
            }
        }

        return Cause(exception);
    }

    // The same defect reports different characters, offsets and byte values for different inputs.
    private static string Cause(Exception exception)
    {
        var message = exception.Message.AsSpan();
        var newline = message.IndexOfAny('\r', '\n');
        var firstLine = (newline < 0 ? message : message[..newline]).ToString();
        return $"{exception.GetType().FullName}: {Variable().Replace(firstLine, "#")}";
    }

    [GeneratedRegex(@"0x[0-9A-Fa-f]+|\[[0-9A-Fa-f ]+\]|\b(?<!UTF-)\d+\b|'.'")]
    private static partial Regex Variable();
}
