using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SwRel.Repository.Planning;

/// <summary>Copy a release from one area to another.</summary>
/// <param name="Source">The area the release is in.</param>
/// <param name="Destination">The area the release goes to.</param>
/// <param name="Merge">
/// <see langword="true"/> to merge into a shared folder (production <c>base</c>/<c>updates</c>): a file
/// of the same name with other content is a conflict and nothing changes;
/// <see langword="false"/> when the destination must not exist yet.
/// </param>
/// <remarks>
/// <para>
/// <see cref="Exclude"/> names top-level files or folders of the source that are left out of the copy (default:
/// none). The planner sets it for every promote into production: the release's own repo file folder and the
/// index that the following <see cref="RefreshIndexStep"/> regenerates are per release, so merging them into a
/// shared folder would make the next release of the same product conflict.
/// </para>
/// <para>
/// <see cref="Content"/> narrows the copy further: a promote into a shared production folder copies only packages, and
/// a second promote keeps the release's other files (release.xml, a README…) in the release's own area, so that the
/// next release of the same product does not conflict on them.
/// </para>
/// <para>Immutable. Two steps are equal when their paths, merge flags, contents and exclusions (in order) are equal.</para>
/// </remarks>
public sealed record PromoteStep(RepositoryPath Source, RepositoryPath Destination, bool Merge) : PlanStep
{
    private readonly ImmutableArray<string> _exclude = [];

    /// <summary>Initialises a promote that leaves some top-level names of the source out of the copy.</summary>
    /// <param name="source">The area the release is in.</param>
    /// <param name="destination">The area the release goes to.</param>
    /// <param name="merge">Whether to merge into a shared folder (see <see cref="Merge"/>).</param>
    /// <param name="exclude">The top-level names left out (see <see cref="Exclude"/>).</param>
    /// <exception cref="ArgumentException">An entry of <paramref name="exclude"/> is not a single path segment, or appears twice.</exception>
    public PromoteStep(RepositoryPath source, RepositoryPath destination, bool merge, ImmutableArray<string> exclude)
        : this(source, destination, merge)
    {
        Exclude = exclude;
    }

    /// <summary>Gets which files the copy takes (default <see cref="PromoteContent.All"/>).</summary>
    public PromoteContent Content { get; init; }

    /// <summary>Returns whether a file is a package, by its name's extension (<c>.rpm</c>, <c>.deb</c>, <c>.udeb</c>, <c>.ddeb</c>, any case).</summary>
    /// <param name="relativePath">The file's path, <c>/</c>-separated.</param>
    /// <returns><see langword="true"/> for a package.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="relativePath"/> is <see langword="null"/>.</exception>
    public static bool IsPackage(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return relativePath.EndsWith(".rpm", StringComparison.OrdinalIgnoreCase)
            || relativePath.EndsWith(".deb", StringComparison.OrdinalIgnoreCase)
            || relativePath.EndsWith(".udeb", StringComparison.OrdinalIgnoreCase)
            || relativePath.EndsWith(".ddeb", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Gets the names of top-level files or folders of <see cref="Source"/> that the copy leaves out (for example
    /// <c>repofiles</c>, <c>repodata</c>); everything below an excluded folder is left out too.
    /// </summary>
    /// <remarks>
    /// Never default: setting a default array gives an empty one. Each entry is one path segment (no <c>/</c>, not
    /// empty, <c>.</c> or <c>..</c>, no backslash or control character), compared with the source's names exactly
    /// (ordinal, case-sensitive); no entry appears twice.
    /// </remarks>
    /// <exception cref="ArgumentException">On set: an entry is not a single path segment, or appears twice.</exception>
    public ImmutableArray<string> Exclude
    {
        get => _exclude;
        init
        {
            if (value.IsDefaultOrEmpty)
            {
                _exclude = [];
                return;
            }

            for (var i = 0; i < value.Length; i++)
            {
                if (!IsExcludableName(value[i], out var error))
                {
                    throw new ArgumentException($"Exclude[{i}]: {error}", nameof(Exclude));
                }

                if (value.IndexOf(value[i], 0, i, StringComparer.Ordinal) >= 0)
                {
                    throw new ArgumentException($"Exclude[{i}]: '{value[i]}' appears twice.", nameof(Exclude));
                }
            }

            _exclude = value;
        }
    }

    /// <summary>The step's <see cref="Kind"/>, <c>promote</c>, as written in a plan's text and JSON.</summary>
    public const string KindName = "promote";

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary>Returns whether <paramref name="name"/> can be an entry of <see cref="Exclude"/>: exactly one path segment.</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="error">Why not, when it cannot.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> is a single, safe path segment.</returns>
    internal static bool IsExcludableName(string? name, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(name))
        {
            error = "an excluded name must not be empty.";
            return false;
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            error = $"'{name}' is not a single name: an excluded name is one top-level file or folder, without '/'.";
            return false;
        }

        if (!RepositoryPath.TryParse(name, out _, out var pathError))
        {
            error = pathError;
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Returns whether a file of the source, given relative to it with <c>/</c>, is left out of the copy.</summary>
    /// <param name="relativePath">The file's path relative to <see cref="Source"/>, <c>/</c>-separated.</param>
    /// <returns><see langword="true"/> when its first segment is one of <see cref="Exclude"/>, or <see cref="Content"/> does not take it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="relativePath"/> is <see langword="null"/>.</exception>
    internal bool Excludes(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (Content != PromoteContent.All && IsPackage(relativePath) != (Content == PromoteContent.PackagesOnly))
        {
            return true;
        }

        if (_exclude.IsEmpty)
        {
            return false;
        }

        var slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? relativePath : relativePath[..slash];
        return _exclude.Contains(first, StringComparer.Ordinal);
    }

    /// <summary>Writes the step's members for <see cref="object.ToString"/>, the exclusions as a list of names.</summary>
    /// <param name="builder">The builder to append to.</param>
    /// <returns><see langword="true"/>: members were written.</returns>
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append("Kind = ").Append(Kind)
            .Append(", Source = ").Append(Source.Value)
            .Append(", Destination = ").Append(Destination.Value)
            .Append(", Merge = ").Append(Merge ? "True" : "False");
        if (Content != PromoteContent.All)
        {
            builder.Append(", Content = ").Append(Content.ToString());
        }

        builder.Append(", Exclude = [").AppendJoin(", ", _exclude).Append(']');
        return true;
    }

    /// <summary>Returns whether <paramref name="other"/> has the same paths, merge flag and exclusions (in order).</summary>
    /// <param name="other">The other step.</param>
    /// <returns><see langword="true"/> when the steps are equal.</returns>
    public bool Equals(PromoteStep? other) =>
        other is not null
        && Source == other.Source
        && Destination == other.Destination
        && Merge == other.Merge
        && Content == other.Content
        && _exclude.SequenceEqual(other._exclude, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Source);
        hash.Add(Destination);
        hash.Add(Merge);
        hash.Add(Content);
        foreach (var name in _exclude)
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
