namespace SwRel.Repository.Planning;

/// <summary>
/// A plan document (JSON) that is not a valid <see cref="RepositoryPlan"/>: malformed JSON, a missing
/// or unknown property, an unknown step kind, or an invalid repository path.
/// </summary>
/// <remarks>The message names what is wrong; <see cref="Location"/> says where (a JSON path such as <c>$.steps[2].source</c>).</remarks>
public sealed class RepositoryPlanFormatException : FormatException
{
    /// <summary>Initialises a new instance with a location and a reason.</summary>
    /// <param name="location">Where the problem is, as a JSON path (for example <c>$.steps[0].kind</c>).</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public RepositoryPlanFormatException(string location, string reason, Exception? inner = null)
        : base($"{location}: {reason}", inner)
    {
        Location = location;
        Reason = reason;
    }

    /// <summary>Gets where the problem is, as a JSON path (for example <c>$.steps[0].kind</c>).</summary>
    public string Location { get; }

    /// <summary>Gets what is wrong, without the location.</summary>
    public string Reason { get; }
}
