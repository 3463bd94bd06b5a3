namespace SwRel.Repository.Planning;

/// <summary>Verify the fetched files against the release's checksum manifest.</summary>
/// <param name="Root">The folder to verify, relative to the repository root.</param>
/// <param name="Manifest">The manifest, relative to <paramref name="Root"/>.</param>
public sealed record VerifyStep(RepositoryPath Root, string Manifest) : PlanStep
{
    /// <inheritdoc/>
    public override string Kind => "verify";
}
