namespace SwRel.Domain.Tickets;

/// <summary>How the repository fetches a release from its provider (SPEC §3, ticket field SyncProtocol).</summary>
public enum SyncProtocol
{
    /// <summary>rsync: <c>rsync://host/path</c> or <c>host::module/path</c>. The default.</summary>
    Rsync = 0,

    /// <summary>Plain HTTP.</summary>
    Http,

    /// <summary>HTTP over TLS.</summary>
    Https,

    /// <summary>FTP: accepted on tickets, but no transport supports it.</summary>
    Ftp,

    /// <summary>A local or mounted path (<c>file:///…</c>).</summary>
    File,
}
