using System.Text;
using SwRel.Metadata.Releases;
using SwRel.Repository.Planning;
using SwRel.Repository.Publication;

namespace SwRel.Repository.Layout;

/// <summary>Writes the text of a release's repo file (<c>.repo</c> for yum, <c>.list</c> for apt) for one area.</summary>
/// <remarks>
/// Stateless; output uses <c>\n</c> line ends and is the same for the same input. Every area is a signed repository
/// (the refresh-index step signs it), so signature checks are always on, whatever the descriptor asks: yum sections get
/// <c>gpgcheck=1</c>, <c>repo_gpgcheck=1</c> and <c>gpgkey=</c> the published key; apt lines get
/// <c>[signed-by=…]</c> with the place a site installs the published keyring.
/// </remarks>
internal static class RepoFileRenderer
{
    /// <summary>Returns the repo file text for a release placed at <paramref name="areaPath"/>.</summary>
    /// <param name="placement">The release.</param>
    /// <param name="areaPath">The folder the release occupies.</param>
    /// <param name="publicBaseUrl">The URL of the repository root, ending in <c>/</c>.</param>
    /// <returns>The file's text.</returns>
    public static string Render(ReleasePlacement placement, RepositoryPath areaPath, string publicBaseUrl)
    {
        var areaUrl = publicBaseUrl + areaPath.Value + "/";
        var descriptor = placement.Descriptor;
        var text = new StringBuilder(256);
        if (descriptor.RepoFile is { Entries.IsDefaultOrEmpty: false } repoFile)
        {
            var keyUrl = publicBaseUrl + PublishedKeys.ArmoredPath;
            foreach (var entry in repoFile.Entries)
            {
                var url = Resolve(areaUrl, entry.BaseUrl, entry.BaseUrlType);
                if (repoFile.Family == RepositoryFamily.Apt)
                {
                    AptLine(text, entry.Type ?? "deb", url, entry.Entry);
                }
                else
                {
                    YumSection(text, entry.RepoId, entry.Name ?? entry.RepoId, url, entry.Enabled ?? "1", entry.Priority, keyUrl, entry.Protect);
                }
            }

            return text.ToString();
        }

        if (descriptor.Repositories.IsDefaultOrEmpty)
        {
            if (placement.Family == RepositoryFamily.Apt)
            {
                AptLine(text, "deb", areaUrl, null);
            }
            else
            {
                YumSection(text, descriptor.ProductShortName, descriptor.ProductShortName, areaUrl, "1", null, publicBaseUrl + PublishedKeys.ArmoredPath, null);
            }

            return text.ToString();
        }

        foreach (var repository in descriptor.Repositories)
        {
            var url = Resolve(areaUrl, repository.RelativePath, "relative");
            if (repository.Family == RepositoryFamily.Apt)
            {
                AptLine(text, "deb", url, null);
            }
            else
            {
                YumSection(text, repository.Identifier, repository.Name ?? repository.Identifier, url, "1", null, publicBaseUrl + PublishedKeys.ArmoredPath, null);
            }
        }

        return text.ToString();
    }

    private static string Resolve(string areaUrl, string baseUrl, string? type)
    {
        var trimmed = baseUrl.Trim();
        var relative = string.Equals(type, "relative", StringComparison.OrdinalIgnoreCase)
            || (type is null && !Uri.TryCreate(trimmed, UriKind.Absolute, out _));
        if (!relative)
        {
            return Clean(trimmed);
        }

        var tail = trimmed.TrimStart('/');
        return Clean(tail.Length == 0 ? areaUrl : areaUrl + tail);
    }

    private static void YumSection(StringBuilder text, string id, string name, string url, string enabled, string? priority, string gpgKey, string? protect)
    {
        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append('[').Append(Clean(id)).Append("]\n");
        Line(text, "name", name);
        Line(text, "baseurl", url);
        Line(text, "enabled", enabled);
        Line(text, "priority", priority);
        Line(text, "gpgcheck", "1");
        Line(text, "repo_gpgcheck", "1");
        Line(text, "gpgkey", gpgKey);
        Line(text, "protect", protect);
    }

    private static void AptLine(StringBuilder text, string type, string url, string? entry)
    {
        text.Append(Clean(type)).Append(" [signed-by=").Append(PublishedKeys.AptKeyringLocation).Append("] ").Append(url).Append(' ')
            .Append(string.IsNullOrWhiteSpace(entry) ? "./" : Clean(entry)).Append('\n');
    }

    private static void Line(StringBuilder text, string key, string? value)
    {
        if (value is not null)
        {
            text.Append(key).Append('=').Append(Clean(value)).Append('\n');
        }
    }

    // A value with a line break would add lines of its own to the file.
    private static string Clean(string value)
    {
        var trimmed = value.Trim();
        foreach (var c in trimmed)
        {
            if (char.IsControl(c))
            {
                var builder = new StringBuilder(trimmed.Length);
                foreach (var d in trimmed)
                {
                    builder.Append(char.IsControl(d) ? ' ' : d);
                }

                return builder.ToString();
            }
        }

        return trimmed;
    }
}
