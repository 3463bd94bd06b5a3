namespace SwRel.Repository.Planning;

/// <summary>Verify the fetched files against the release's checksum manifest.</summary>
/// <param name="Root">The folder to verify, relative to the repository root.</param>
/// <param name="Manifest">The manifest, relative to <paramref name="Root"/>.</param>
public sealed record VerifyStep(RepositoryPath Root, string Manifest) : PlanStep
{
    /// <summary>The step's <see cref="Kind"/>, <c>verify</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "verify";

    /// <inheritdoc/>
    public override string Kind => KindName;
}
