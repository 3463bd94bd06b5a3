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
