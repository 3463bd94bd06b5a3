namespace SwRel.Domain.Metrics;

/// <summary>One problem found in a metrics input file, with where it is.</summary>
/// <remarks>Immutable.</remarks>
/// <param name="Source">The file name (or other source name) the caller gave.</param>
/// <param name="Line">The 1-based line of the record with the problem.</param>
/// <param name="Message">What is wrong, in words a person can act on.</param>
public readonly record struct MetricsInputError(string Source, int Line, string Message)
{
    /// <summary>Returns the error as <c>source:line: message</c>.</summary>
    /// <returns>For example <c>histories.csv:7: 'Verified' is not a RolloutProgress state</c>.</returns>
    public override string ToString() => $"{Source}:{Line}: {Message}";
}
