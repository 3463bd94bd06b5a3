using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Layout;

/// <summary>
/// Reads a Debian-family target platform (<c>debian-squeeze</c>, <c>ubuntu-xenial</c>, <c>debian6</c>, <c>squeeze</c>)
/// as a family and a codename, and maps architectures to Debian names.
/// </summary>
/// <remarks>Stateless; the tables are immutable.</remarks>
internal static class AptPlatform
{
    private static readonly (string Family, string Version, string Codename)[] s_releases =
    [
        ("debian", "5", "lenny"), ("debian", "6", "squeeze"), ("debian", "7", "wheezy"), ("debian", "8", "jessie"),
        ("debian", "9", "stretch"), ("debian", "10", "buster"), ("debian", "11", "bullseye"), ("debian", "12", "bookworm"),
        ("debian", "13", "trixie"),
        ("ubuntu", "10", "lucid"), ("ubuntu", "1004", "lucid"), ("ubuntu", "12", "precise"), ("ubuntu", "1204", "precise"),
        ("ubuntu", "14", "trusty"), ("ubuntu", "1404", "trusty"), ("ubuntu", "16", "xenial"), ("ubuntu", "1604", "xenial"),
        ("ubuntu", "18", "bionic"), ("ubuntu", "1804", "bionic"), ("ubuntu", "20", "focal"), ("ubuntu", "2004", "focal"),
        ("ubuntu", "22", "jammy"), ("ubuntu", "2204", "jammy"), ("ubuntu", "24", "noble"), ("ubuntu", "2404", "noble"),
    ];

    /// <summary>Tries to read <paramref name="platform"/> as a Debian-family platform.</summary>
    /// <param name="platform">The targetPlatform.</param>
    /// <param name="family">The family in lower case: <c>debian</c> or <c>ubuntu</c>.</param>
    /// <param name="codename">The codename in lower case, for example <c>squeeze</c>.</param>
    /// <returns><see langword="true"/> when the platform names a Debian or Ubuntu release.</returns>
    /// <remarks>
    /// <c>family-codename</c> is taken as written (<c>debian-squeeze</c>); <c>family-N</c>, <c>familyN</c> and
    /// <c>ubuntuNNNN</c> go through the release table (<c>debian6</c> → squeeze, <c>ubuntu1604</c> → xenial); a bare
    /// known codename (<c>xenial</c>) finds its family.
    /// </remarks>
    public static bool TryParse(string? platform, [NotNullWhen(true)] out string? family, [NotNullWhen(true)] out string? codename)
    {
        family = null;
        codename = null;
        if (string.IsNullOrWhiteSpace(platform))
        {
            return false;
        }

        var text = platform.Trim().ToLowerInvariant();
        foreach (var prefix in (ReadOnlySpan<string>)["debian", "ubuntu"])
        {
            if (!text.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = text[prefix.Length..];
            if (rest.StartsWith('-') || rest.StartsWith('_'))
            {
                rest = rest[1..];
            }

            rest = rest.Replace(".", "", StringComparison.Ordinal);
            if (rest.Length == 0)
            {
                return false;
            }

            family = prefix;
            if (rest.All(char.IsAsciiDigit))
            {
                foreach (var release in s_releases)
                {
                    if (release.Family == prefix && release.Version == rest)
                    {
                        codename = release.Codename;
                        return true;
                    }
                }

                family = null;
                return false;
            }

            if (!rest.All(char.IsAsciiLetterOrDigit))
            {
                family = null;
                return false;
            }

            codename = rest;
            return true;
        }

        foreach (var release in s_releases)
        {
            if (release.Codename == text)
            {
                family = release.Family;
                codename = release.Codename;
                return true;
            }
        }

        return false;
    }

    /// <summary>Maps a target architecture to its Debian name.</summary>
    /// <param name="arch">The targetArch, for example <c>x86_64</c>.</param>
    /// <returns>
    /// <c>amd64</c> for x86_64/amd64, <c>i386</c> for i386–i686/x86, <c>all</c> for noarch/all/any, <c>arm64</c> for
    /// aarch64/arm64, <c>ppc64el</c> for ppc64le/ppc64el; any other name in lower case.
    /// </returns>
    public static string DebianArch(string arch) => arch.Trim().ToLowerInvariant() switch
    {
        "x86_64" or "amd64" or "x86-64" or "x64" => "amd64",
        "i386" or "i486" or "i586" or "i686" or "x86" or "ia32" => "i386",
        "noarch" or "all" or "any" => "all",
        "aarch64" or "arm64" => "arm64",
        "ppc64le" or "ppc64el" => "ppc64el",
        var other => other,
    };
}
