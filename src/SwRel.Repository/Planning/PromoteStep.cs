namespace SwRel.Repository.Planning;

/// <summary>Copy a release from one area to another.</summary>
/// <param name="Source">The area the release is in.</param>
/// <param name="Destination">The area the release goes to.</param>
/// <param name="Merge">
/// <see langword="true"/> to merge into a shared folder (production <c>base</c>/<c>updates</c>): a file
/// of the same name with other content is a conflict and nothing changes;
/// <see langword="false"/> when the destination must not exist yet.
/// </param>
public sealed record PromoteStep(RepositoryPath Source, RepositoryPath Destination, bool Merge) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "promote";
}
