using System.Globalization;
using Microsoft.Extensions.Configuration;
using SwRel.Cli.Commands;
using SwRel.Repository.Layout;
using SwRel.Repository.Publication;

namespace SwRel.Cli.Serve;

/// <summary>
/// What <c>swrel serve</c> runs with, read from the data folder's appsettings.json, the <c>SWREL_</c>
/// environment variables and the command line (later sources win), and checked before anything starts.
/// </summary>
internal sealed record ServeSettings
{
    /// <summary>The address Kestrel listens on when none is given.</summary>
    public const string DefaultListen = "http://127.0.0.1:8080";

    /// <summary>The data folder.</summary>
    public required DataFolder Data { get; init; }

    /// <summary>The repository root (Pipeline:RepositoryRoot; the data folder's <c>repository/</c> by default).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>The addresses to listen on (Urls, or --listen), separated by ';'.</summary>
    public required string Urls { get; init; }

    /// <summary>The write tokens (Server:ApiTokens, SWREL_API_TOKEN, --api-token-file).</summary>
    public required IReadOnlyList<string> ApiTokens { get; init; }

    /// <summary>The signing secret (Server:SigningSecret), if any.</summary>
    public string? SigningSecret { get; init; }

    /// <summary>Whether reads need a token (Server:RequireTokenForReads).</summary>
    public bool RequireTokenForReads { get; init; }

    /// <summary>How long the processor sleeps on an empty queue (Pipeline:PollInterval).</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>How long a taken request stays hidden from other processors (Pipeline:LeaseDuration).</summary>
    public TimeSpan? LeaseDuration { get; init; }

    /// <summary>The wait before a request whose ticket system failed is tried again, doubled per attempt (Pipeline:RetryDelay).</summary>
    public TimeSpan? RetryDelay { get; init; }

    /// <summary>Attempts before a dead letter (Pipeline:MaxAttempts).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Free space a fetch needs beyond the release's size, in bytes (Pipeline:FreeSpaceMargin).</summary>
    public long? FreeSpaceMargin { get; init; }

    /// <summary>The program run to refresh a folder's index (Pipeline:RefreshIndexCommand).</summary>
    public string? RefreshIndexCommand { get; init; }

    /// <summary>
    /// The built-in publisher's signing (Publication:GnuPgHome and Publication:SigningKey, or --gpg-home and --gpg-key;
    /// Publication:PublishedKeys for a key rotation), or <see langword="null"/> when the daemon does not sign.
    /// </summary>
    public PublicationOptions? Publication { get; init; }

    /// <summary>
    /// Where releases go in the repository and the address the repo files name (Layout:ConfigFile, --layout-config, a file
    /// relative to the data folder; Layout:PublicBaseUrl, --public-base-url, which wins over the file's), or
    /// <see langword="null"/> for the EGI repository's layout.
    /// </summary>
    public RepositoryLayoutOptions? Layout { get; init; }

    /// <summary>RT's base URL (Tickets:Rt:Url); when set, RT is the ticket system instead of the embedded ticket store.</summary>
    public Uri? RtUrl { get; init; }

    /// <summary>The RT auth token (Tickets:Rt:Token, SWREL_RT_TOKEN).</summary>
    public string? RtToken { get; init; }

    /// <summary>The RT user for basic authentication (Tickets:Rt:User, SWREL_RT_USER).</summary>
    public string? RtUser { get; init; }

    /// <summary>The RT user's password (Tickets:Rt:Password, SWREL_RT_PASSWORD).</summary>
    public string? RtPassword { get; init; }

    /// <summary>The RT queue of the workflow (Tickets:Rt:Queue).</summary>
    public string? RtQueue { get; init; }

    /// <summary>The time one call to RT may take (Tickets:Rt:Timeout).</summary>
    public TimeSpan? RtTimeout { get; init; }

    /// <summary>The whole configuration, for Kestrel (certificates) and logging.</summary>
    public required IConfiguration Configuration { get; init; }

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="commandLine">Settings given as flags, by configuration key.</param>
    /// <param name="errors">Every problem, each naming the setting.</param>
    /// <returns>The settings, or <see langword="null"/> when <paramref name="errors"/> is not empty.</returns>
    public static ServeSettings? Read(DataFolder data, IReadOnlyDictionary<string, string?> commandLine, out List<string> errors)
    {
        errors = [];
        var builder = new ConfigurationBuilder();
        if (File.Exists(data.Settings))
        {
            builder.AddJsonFile(data.Settings, optional: true, reloadOnChange: false);
        }

        var configuration = builder.AddEnvironmentVariables("SWREL_").AddInMemoryCollection(commandLine).Build();
        var tokens = configuration.GetSection("Server:ApiTokens").GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (configuration["API_TOKEN"] is { Length: > 0 } environmentToken)
        {
            tokens.Add(environmentToken.Trim());
        }

        if (configuration["ApiTokenFile"] is { Length: > 0 } tokenFile)
        {
            try
            {
                tokens.AddRange(File.ReadLines(tokenFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"--api-token-file {tokenFile}: {e.Message}");
            }
        }

        var secret = configuration["Server:SigningSecret"];
        if (configuration["SigningSecretFile"] is { Length: > 0 } secretFile)
        {
            try
            {
                secret = File.ReadAllText(secretFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"--signing-secret-file {secretFile}: {e.Message}");
            }
        }

        Uri? rtUrl = null;
        if (configuration["Tickets:Rt:Url"] is { Length: > 0 } rtText
            && (!Uri.TryCreate(rtText, UriKind.Absolute, out rtUrl) || (rtUrl.Scheme != Uri.UriSchemeHttp && rtUrl.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"Setting Tickets:Rt:Url (or SWREL_Tickets__Rt__Url) must be RT's absolute http or https URL, not '{rtText}'.");
            rtUrl = null;
        }

        // The same variables as `swrel rt check`, so one set of credentials serves both.
        var rtToken = NonEmpty(configuration["Tickets:Rt:Token"]) ?? NonEmpty(configuration["RT_TOKEN"]);
        var rtUser = NonEmpty(configuration["Tickets:Rt:User"]) ?? NonEmpty(configuration["RT_USER"]);
        var rtPassword = configuration["Tickets:Rt:Password"] ?? configuration["RT_PASSWORD"];
        if (rtUrl is not null && rtToken is null && (rtUser is null || rtPassword is null))
        {
            errors.Add("Setting Tickets:Rt:Url is given but RT credentials are missing: set Tickets:Rt:Token (or SWREL_RT_TOKEN), or Tickets:Rt:User and Tickets:Rt:Password (or SWREL_RT_USER and SWREL_RT_PASSWORD).");
        }

        var publication = ReadPublication(configuration, data, errors);
        if (publication is not null && configuration["Pipeline:RefreshIndexCommand"] is { Length: > 0 })
        {
            errors.Add("Settings Publication:GnuPgHome (--gpg-home) and Pipeline:RefreshIndexCommand both say how to build the index: give one.");
        }

        var root = configuration["Pipeline:RepositoryRoot"] is { Length: > 0 } configuredRoot ? Path.GetFullPath(configuredRoot, data.Path) : data.Repository;
        var settings = new ServeSettings
        {
            Data = data,
            RepositoryRoot = root,
            Urls = configuration["Urls"] is { Length: > 0 } urls ? urls : DefaultListen,
            ApiTokens = tokens,
            SigningSecret = string.IsNullOrEmpty(secret) ? null : secret,
            RequireTokenForReads = Boolean(configuration, "Server:RequireTokenForReads", errors) ?? false,
            PollInterval = Duration(configuration, "Pipeline:PollInterval", errors),
            LeaseDuration = Duration(configuration, "Pipeline:LeaseDuration", errors),
            RetryDelay = Duration(configuration, "Pipeline:RetryDelay", errors),
            MaxAttempts = Integer(configuration, "Pipeline:MaxAttempts", errors),
            FreeSpaceMargin = ByteCount(configuration, "Pipeline:FreeSpaceMargin", errors),
            RefreshIndexCommand = configuration["Pipeline:RefreshIndexCommand"] is { Length: > 0 } refresh ? refresh : null,
            Publication = publication,
            Layout = ReadLayout(configuration, data, errors),
            RtUrl = rtUrl,
            RtToken = rtToken,
            RtUser = rtUser,
            RtPassword = rtPassword,
            RtQueue = NonEmpty(configuration["Tickets:Rt:Queue"]),
            RtTimeout = Duration(configuration, "Tickets:Rt:Timeout", errors),
            Configuration = configuration,
        };
        foreach (var url in settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"--listen (Urls) '{url}' must be an http:// or https:// address such as {DefaultListen}.");
            }
        }

        return errors.Count == 0 ? settings : null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // The file is the one `swrel plan --layout-config` reads, so a plan made by hand and the daemon's agree.
    private static RepositoryLayoutOptions? ReadLayout(IConfiguration configuration, DataFolder data, List<string> errors)
    {
        var file = NonEmpty(configuration["Layout:ConfigFile"]);
        var baseUrl = NonEmpty(configuration["Layout:PublicBaseUrl"]);
        if (file is null && baseUrl is null)
        {
            return null;
        }

        RepositoryLayoutOptions layout;
        try
        {
            layout = file is null ? new RepositoryLayoutOptions() : LayoutConfigFile.Read(Path.GetFullPath(file, data.Path));
        }
        catch (UsageException e)
        {
            errors.Add($"Setting Layout:ConfigFile ({e.Message})");
            return null;
        }

        if (baseUrl is not null)
        {
            layout.PublicBaseUrl = baseUrl;
            var validation = new RepositoryLayoutOptionsValidator().Validate(null, layout);
            if (validation.Failed)
            {
                errors.AddRange((validation.Failures ?? [validation.FailureMessage]).Select(f => $"Setting Layout:PublicBaseUrl (--public-base-url): {f}"));
                return null;
            }
        }

        return layout;
    }

    // The GnuPG home is relative to the data folder, like the repository root; the key must be in it.
    private static PublicationOptions? ReadPublication(IConfiguration configuration, DataFolder data, List<string> errors)
    {
        var home = NonEmpty(configuration["Publication:GnuPgHome"]);
        var key = NonEmpty(configuration["Publication:SigningKey"]);
        if (home is null && key is null)
        {
            return null;
        }

        if (home is null || key is null)
        {
            errors.Add(home is null
                ? "Setting Publication:SigningKey (--gpg-key) needs Publication:GnuPgHome (--gpg-home), the GnuPG home that holds the key."
                : "Setting Publication:GnuPgHome (--gpg-home) needs Publication:SigningKey (--gpg-key), the key in it that signs.");
            return null;
        }

        var fullHome = Path.GetFullPath(home, data.Path);
        if (!Directory.Exists(fullHome))
        {
            errors.Add($"Setting Publication:GnuPgHome (--gpg-home) names '{fullHome}', which is not a folder.");
            return null;
        }

        var published = configuration.GetSection("Publication:PublishedKeys").GetChildren().Select(c => c.Value).OfType<string>()
            .Concat((configuration["Publication:PublishedKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(k => k.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new PublicationOptions { GnuPgHome = fullHome, SigningKey = key, PublishedKeys = published };
    }

    private static bool? Boolean(IConfiguration configuration, string key, List<string> errors)
    {
        if (configuration[key] is not { Length: > 0 } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"Setting {key} must be true or false, not '{text}'.");
        return null;
    }

    private static int? Integer(IConfiguration configuration, string key, List<string> errors)
    {
        if (configuration[key] is not { Length: > 0 } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"Setting {key} must be a whole number, not '{text}'.");
        return null;
    }

    private static long? ByteCount(IConfiguration configuration, string key, List<string> errors)
    {
        if (configuration[key] is not { Length: > 0 } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"Setting {key} must be a number of bytes such as 1073741824 (1 GiB), not '{text}'.");
        return null;
    }

    private static TimeSpan? Duration(IConfiguration configuration, string key, List<string> errors)
    {
        if (configuration[key] is not { Length: > 0 } text)
        {
            return null;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"Setting {key} must be a duration such as 00:00:05 (hours:minutes:seconds), not '{text}'.");
        return null;
    }
}
