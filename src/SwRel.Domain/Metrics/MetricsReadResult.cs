namespace SwRel.Domain.Metrics;

/// <summary>What reading a metrics input file gave: the values, or every problem found.</summary>
/// <typeparam name="T">The kind of value read.</typeparam>
/// <remarks>Exactly one of <see cref="Value"/> and a non-empty <see cref="Errors"/> is present. Immutable.</remarks>
public sealed class MetricsReadResult<T>
    where T : class
{
    internal MetricsReadResult(T? value, IReadOnlyList<MetricsInputError> errors)
    {
        Value = errors.Count == 0 ? value : null;
        Errors = errors;
    }

    /// <summary>Gets the values read, or <see langword="null"/> when there were errors.</summary>
    public T? Value { get; }

    /// <summary>Gets every problem found, in input order; empty when the input is valid.</summary>
    public IReadOnlyList<MetricsInputError> Errors { get; }

    /// <summary>Gets whether the input was valid.</summary>
    public bool IsValid => Errors.Count == 0;
}
