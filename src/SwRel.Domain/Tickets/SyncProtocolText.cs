using System.Diagnostics.CodeAnalysis;

namespace SwRel.Domain.Tickets;

/// <summary>Parsing and formatting of <see cref="SyncProtocol"/> values as tickets and fetch steps spell them.</summary>
/// <remarks>
/// The names are <c>rsync</c>, <c>http</c>, <c>https</c>, <c>ftp</c> and <c>file</c>, matched without regard to
/// case. Numbers and surrounding white space are not accepted; trim first where the source may pad.
/// All members are thread-safe.
/// </remarks>
public static class SyncProtocolText
{
    /// <summary>Tries to parse a protocol name.</summary>
    /// <param name="text">The name, for example <c>rsync</c>.</param>
    /// <param name="protocol">The protocol, when the name is known.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> names a protocol.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out SyncProtocol protocol)
    {
        foreach (var candidate in Enum.GetValues<SyncProtocol>())
        {
            if (string.Equals(text, candidate.ToName(), StringComparison.OrdinalIgnoreCase))
            {
                protocol = candidate;
                return true;
            }
        }

        protocol = default;
        return false;
    }

    /// <summary>Tries to read the protocol that a URL's scheme names: <c>rsync://</c>, <c>http://</c>, <c>https://</c>, <c>ftp://</c> or <c>file:</c>.</summary>
    /// <param name="url">The URL, for example <c>file:///srv/releases/argus</c>.</param>
    /// <param name="protocol">The protocol, when the URL starts with the scheme of one.</param>
    /// <returns>
    /// <see langword="true"/> when <paramref name="url"/> starts with a known scheme; <see langword="false"/> for sources
    /// without one (<c>host::module/path</c>, a local path) and for unknown schemes.
    /// </returns>
    public static bool TryParseScheme([NotNullWhen(true)] string? url, out SyncProtocol protocol)
    {
        protocol = default;
        var colon = url?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0)
        {
            return false;
        }

        var rest = url.AsSpan(colon + 1);
        var scheme = url![..colon];
        var file = string.Equals(scheme, "file", StringComparison.OrdinalIgnoreCase);

        // "file:/path" is a file URL too; every other scheme needs "//" (so "host::module" is no scheme).
        return (rest.StartsWith("//", StringComparison.Ordinal) || (file && rest.StartsWith("/", StringComparison.Ordinal)))
            && TryParse(scheme, out protocol);
    }

    /// <summary>Returns the protocol's name as written on tickets and in fetch steps.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <returns>The lower-case name, for example <c>https</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="protocol"/> is not a defined protocol.</exception>
    public static string ToName(this SyncProtocol protocol) => protocol switch
    {
        SyncProtocol.Rsync => "rsync",
        SyncProtocol.Http => "http",
        SyncProtocol.Https => "https",
        SyncProtocol.Ftp => "ftp",
        SyncProtocol.File => "file",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Not a SyncProtocol."),
    };
}
