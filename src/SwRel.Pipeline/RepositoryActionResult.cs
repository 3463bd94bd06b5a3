using SwRel.Repository.Planning;

namespace SwRel.Pipeline;

/// <summary>What one <see cref="IRepositoryActions.RunAsync"/> call did.</summary>
/// <remarks>Immutable.</remarks>
public sealed record RepositoryActionResult
{
    /// <summary>Gets the plan that was carried out (empty for transitions without repository work).</summary>
    public required RepositoryPlan Plan { get; init; }

    /// <summary>Gets the path to set as the ticket's RepositoryURL, or <see langword="null"/> to leave the field as it is.</summary>
    public RepositoryPath? RepositoryUrl { get; init; }
}
