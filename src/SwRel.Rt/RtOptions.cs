namespace SwRel.Rt;

/// <summary>Where RT is and how SwRel logs in to it.</summary>
/// <remarks>
/// A token (RT's auth tokens, sent as <c>Authorization: token …</c>) is used when set; otherwise basic authentication
/// with <see cref="User"/> and <see cref="Password"/>. Validated when the host starts (<c>ValidateOnStart</c>).
/// </remarks>
public sealed class RtOptions
{
    /// <summary>Gets or sets RT's base URL, for example <c>https://rt.example.org/</c> (REST 2.0 is below it). Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets an RT auth token. Takes precedence over <see cref="User"/> and <see cref="Password"/>.</summary>
    public string? Token { get; set; }

    /// <summary>Gets or sets the RT user name for basic authentication.</summary>
    public string? User { get; set; }

    /// <summary>Gets or sets the RT user's password for basic authentication.</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the time one call to RT may take, retries included. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the RT queue of the workflow. Default <c>sw-rel</c>.</summary>
    public string Queue { get; set; } = "sw-rel";
}
