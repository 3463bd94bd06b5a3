using SwRel.Repository.Planning;

namespace SwRel.Pipeline;

/// <summary>What one <see cref="IRepositoryActions.RunAsync"/> call did.</summary>
/// <param name="Plan">The plan that was carried out (empty for transitions without repository work).</param>
/// <param name="RepositoryUrl">The path to set as the ticket's RepositoryURL, or <see langword="null"/> to leave the field as it is.</param>
/// <remarks>Immutable.</remarks>
public sealed record RepositoryActionResult(RepositoryPlan Plan, RepositoryPath? RepositoryUrl);
