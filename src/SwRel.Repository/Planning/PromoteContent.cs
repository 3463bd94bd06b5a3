namespace SwRel.Repository.Planning;

/// <summary>Which of a release's files a <see cref="PromoteStep"/> copies.</summary>
public enum PromoteContent
{
    /// <summary>Every file (less <see cref="PromoteStep.Exclude"/>).</summary>
    All = 0,

    /// <summary>Only packages (<c>.rpm</c>, <c>.deb</c>, <c>.udeb</c>, <c>.ddeb</c>): what a shared production folder receives.</summary>
    PackagesOnly,

    /// <summary>Every file but the packages: the per-release files (release.xml, a README…) kept in the release's own area.</summary>
    AllButPackages,
}
