using System.Collections.Immutable;

namespace SwRel.Repository.Planning;

/// <summary>Fetch the release from the provider's synchronisation URL, or package by package, into a scratch folder.</summary>
/// <param name="Protocol">The transport: <c>rsync</c>, <c>http</c>, <c>https</c>, <c>file</c> or <c>ftp</c>; <see cref="PackagesProtocol"/> when <see cref="Packages"/> lists the files.</param>
/// <param name="Source">The URL to fetch from (the ticket's SyncURL, else the descriptor's synchURL); for a fetch package by package, <see cref="PackagesSource"/>.</param>
/// <param name="Destination">The scratch folder, relative to the repository root.</param>
public sealed record FetchStep(string Protocol, string Source, RepositoryPath Destination) : PlanStep
{
    /// <summary>The step's <see cref="Kind"/>, <c>fetch</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "fetch";

    /// <summary>The <see cref="Protocol"/> of a fetch package by package, <c>packages</c>: each URL's scheme picks its transport.</summary>
    public const string PackagesProtocol = "packages";

    /// <summary>The <see cref="Source"/> of a fetch package by package: the descriptor's package list.</summary>
    public const string PackagesSource = "UMDmeta:package urls";

    /// <summary>
    /// Gets the files to fetch one by one (a repo.egi.eu 0.2 descriptor whose synchURL is <c>n/a</c>); empty when the
    /// whole release comes from <see cref="Source"/>.
    /// </summary>
    public ImmutableArray<PackageSource> Packages { get; init; } = [];

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public bool Equals(FetchStep? other) =>
        other is not null
        && Protocol == other.Protocol
        && Source == other.Source
        && Destination == other.Destination
        && Packages.AsSpan().SequenceEqual(other.Packages.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Protocol);
        hash.Add(Source);
        hash.Add(Destination);
        foreach (var package in Packages)
        {
            hash.Add(package);
        }

        return hash.ToHashCode();
    }
}
