namespace SwRel.Server;

/// <summary>Settings of the Repo daemon's HTTP side: who may post requests and who may read.</summary>
/// <remarks>
/// <para>
/// A write (<c>POST /api/requests</c>) needs one of the <see cref="ApiTokens"/> as a bearer token,
/// or, when <see cref="SigningSecret"/> is set, an HMAC-SHA256 signature of the body made with it
/// no older than <see cref="SignatureWindow"/>. At least one of the two must be configured.
/// </para>
/// <para>Bound from the configuration section <c>Server</c> by <c>swrel serve</c>; validated at start.</para>
/// </remarks>
public sealed class SwRelServerOptions
{
    /// <summary>The configuration section these options are read from: <c>Server</c>.</summary>
    public const string SectionName = "Server";

    /// <summary>Bearer tokens accepted for writes (and for reads when <see cref="RequireTokenForReads"/> is set). Default: none.</summary>
    public List<string> ApiTokens { get; } = [];

    /// <summary>The shared secret for signed requests (<c>X-SwRel-Timestamp</c>, <c>X-SwRel-Signature</c>); <see langword="null"/> (the default) turns signing off.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>How far a signed request's timestamp may be from the server's clock, either way. Default: 5 minutes.</summary>
    public TimeSpan SignatureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether reads (the status page, the JSON read endpoints, <c>/metrics</c>) need a bearer token too. Default: <see langword="false"/>.</summary>
    public bool RequireTokenForReads { get; set; }

    /// <summary>How many processing outcomes the status page and <c>GET /api/requests</c> keep. Default: 200.</summary>
    public int RecentOutcomes { get; set; } = 200;
}
