using System.Diagnostics;

namespace SwRel.Fuzz;

/// <summary>Names a failure found by fuzzing so that many inputs with the same cause group together.</summary>
public static class FuzzFailure
{
    /// <summary>Gets a one-line signature: the exception's type and the first SwRel library frame, or the broken property.</summary>
    /// <param name="exception">The exception that escaped a target.</param>
    /// <returns>For example <c>System.InvalidOperationException at SwRel.Domain.Requests.TransitionRequestParser.ParseJson</c>.</returns>
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

                return $"{exception.GetType().FullName} at {type.FullName}.{frame.GetMethod()!.Name}";
            }
        }

        return exception.GetType().FullName ?? exception.GetType().Name;
    }
}
