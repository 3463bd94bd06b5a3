namespace SwRel.Rt.Setup;

/// <summary>How RT reaches the Repo daemon: the URL its scrip posts each transition request to, and the daemon's bearer token.</summary>
/// <remarks>Immutable. Written into RT's configuration (RT_SiteConfig.d), never into RT's database.</remarks>
public sealed class RtDaemonConnection
{
    /// <summary>Initializes a new instance of the <see cref="RtDaemonConnection"/> class.</summary>
    /// <param name="transitionUrl">The daemon's absolute http or https URL that takes transition requests.</param>
    /// <param name="bearerToken">The token RT sends as <c>Authorization: Bearer</c>, or <see langword="null"/> for none.</param>
    /// <param name="timeout">How long RT waits for the daemon's answer; 30 seconds when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="transitionUrl"/> is not an absolute http or https URL, or the timeout is not positive.</exception>
    public RtDaemonConnection(Uri transitionUrl, string? bearerToken = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(transitionUrl);
        if (!transitionUrl.IsAbsoluteUri || (transitionUrl.Scheme != Uri.UriSchemeHttp && transitionUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The daemon's URL {transitionUrl} is not an absolute http or https URL.", nameof(transitionUrl));
        }

        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The timeout {t} is not positive.", nameof(timeout));
        }

        TransitionUrl = transitionUrl;
        BearerToken = string.IsNullOrEmpty(bearerToken) ? null : bearerToken;
        Timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Gets the daemon's URL that takes transition requests.</summary>
    public Uri TransitionUrl { get; }

    /// <summary>Gets the bearer token RT sends, or <see langword="null"/>.</summary>
    public string? BearerToken { get; }

    /// <summary>Gets how long RT waits for the daemon's answer.</summary>
    public TimeSpan Timeout { get; }
}
