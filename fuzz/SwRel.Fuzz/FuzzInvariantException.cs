namespace SwRel.Fuzz;

/// <summary>A reader returned a result that breaks a property its documentation promises.</summary>
/// <remarks>Thrown by a <see cref="FuzzTarget"/> so that AFL++ records the input as a crash, like an undocumented exception.</remarks>
public sealed class FuzzInvariantException : Exception
{
    /// <summary>Initialises a new instance.</summary>
    public FuzzInvariantException()
    {
    }

    /// <summary>Initialises a new instance with the property that does not hold.</summary>
    /// <param name="message">The target and the property, as a sentence.</param>
    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    /// <summary>Initialises a new instance with the property that does not hold and the exception behind it.</summary>
    /// <param name="message">The target and the property, as a sentence.</param>
    /// <param name="inner">The exception thrown while checking the property.</param>
    public FuzzInvariantException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
