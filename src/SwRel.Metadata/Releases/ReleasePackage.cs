namespace SwRel.Metadata.Releases;

/// <summary>One package of a release (repo.egi.eu 0.2 <c>UMDmeta:package</c>).</summary>
/// <param name="Name">The package name (<c>pkgname</c>).</param>
/// <param name="Version">The package version (<c>version</c>).</param>
/// <param name="Release">The package release (<c>release</c>).</param>
/// <param name="Arch">The package architecture (<c>arch</c>).</param>
/// <param name="FileName">The package file name (<c>filename</c>).</param>
/// <param name="Url">Where the package can be downloaded (<c>url</c>).</param>
/// <param name="PackageType">The package type (<c>pkgtype</c>), for example <c>metapackage</c>.</param>
public sealed record ReleasePackage(
    string Name,
    string Version,
    string Release,
    string Arch,
    string FileName,
    string Url,
    string PackageType);
