namespace SwRel.Repository.Transports;

/// <summary>Settings of the transports.</summary>
/// <remarks>
/// Defaults: <see cref="Timeout"/> 30 minutes for a whole fetch, <see cref="IoTimeout"/> 5 minutes without
/// progress, <see cref="RsyncPath"/> <c>rsync</c> (found on the PATH), <see cref="HttpManifestName"/> <c>checksums.meta4</c>,
/// <see cref="MaxManifestBytes"/> 16 MiB, <see cref="MaxParallelDownloads"/> 4.
/// Validate with <see cref="TransportOptionsValidator"/>.
/// </remarks>
public sealed class TransportOptions
{
    /// <summary>Gets or sets the longest a whole fetch may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets or sets the longest a fetch may go without any data (rsync <c>--timeout</c>; the HTTP client's own timeout is the caller's).</summary>
    public TimeSpan IoTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the rsync program: a name found on the PATH or a full path.</summary>
    public string RsyncPath { get; set; } = "rsync";

    /// <summary>Gets or sets the daemon port for <c>host::module/path</c> sources (rsync's <c>--port</c>); <see langword="null"/> (the default) for rsync's own default, 873. <c>rsync://</c> URLs carry their port themselves.</summary>
    public int? RsyncDaemonPort { get; set; }

    /// <summary>
    /// Gets or sets the manifest an http/https SyncURL ending in <c>/</c> (a release folder) is read from, relative to
    /// that folder; the default, <c>checksums.meta4</c>, is the planner's default checksum manifest.
    /// </summary>
    public string HttpManifestName { get; set; } = "checksums.meta4";

    /// <summary>Gets or sets the largest HTTP manifest (the file list an http/https SyncURL names) read into memory.</summary>
    public int MaxManifestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Gets or sets how many files a fetch package by package downloads at the same time.</summary>
    public int MaxParallelDownloads { get; set; } = 4;
}
