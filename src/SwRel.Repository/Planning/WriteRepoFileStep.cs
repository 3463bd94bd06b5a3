namespace SwRel.Repository.Planning;

/// <summary>Write the release's repository configuration file (<c>.repo</c> or <c>.list</c>).</summary>
/// <param name="Path">The file's path, relative to the repository root.</param>
/// <param name="Content">The file's text.</param>
public sealed record WriteRepoFileStep(RepositoryPath Path, string Content) : PlanStep
{
    /// <summary>The step's <see cref="Kind"/>, <c>write-repo-file</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "write-repo-file";

    /// <inheritdoc/>
    public override string Kind => KindName;
}
