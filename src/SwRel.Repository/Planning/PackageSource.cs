namespace SwRel.Repository.Planning;

/// <summary>One file of a release fetched package by package: where it comes from and the name it is saved under.</summary>
/// <param name="Url">The package's <c>url</c> (http, https or file).</param>
/// <param name="FileName">The package's <c>filename</c>: a plain name, saved at the top of the fetch destination.</param>
public sealed record PackageSource(string Url, string FileName);
