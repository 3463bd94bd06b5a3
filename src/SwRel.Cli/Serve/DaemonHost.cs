using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;
using SwRel.Repository.Layout;
using SwRel.Rt;
using SwRel.Server;

namespace SwRel.Cli.Serve;

/// <summary>Composes the Repo daemon: the server, the pipeline, the embedded SQLite stores of one data folder, and RT as the ticket system when Tickets:Rt:Url is set.</summary>
internal static class DaemonHost
{
    /// <summary>Builds the daemon (not started).</summary>
    /// <param name="settings">What to run with.</param>
    /// <param name="quiet">Whether to log warnings and errors only (the demo), rather than information.</param>
    /// <param name="customize">Changes to the services before the host is built (the demo's signing key and its view of the plans).</param>
    public static WebApplication Build(ServeSettings settings, bool quiet = false, Action<WebApplicationBuilder>? customize = null)
    {
        Directory.CreateDirectory(settings.Data.Path);
        Directory.CreateDirectory(settings.RepositoryRoot);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = settings.Data.Path,
            ApplicationName = "swrel",
        });
        builder.Configuration.AddConfiguration(settings.Configuration);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls(settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
        });
        // One line per HTTP request drowns the daemon's own events; Logging:LogLevel:Microsoft.AspNetCore brings them back.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (quiet)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        if (settings.RtUrl is { } rt)
        {
            builder.Services.AddSwRelRt(o =>
            {
                o.Url = rt;
                o.Token = settings.RtToken;
                o.User = settings.RtUser;
                o.Password = settings.RtPassword;
                o.Queue = settings.RtQueue ?? o.Queue;
                o.Timeout = settings.RtTimeout ?? o.Timeout;
            });
        }
        else
        {
            builder.Services.AddSingleton<ITicketGateway>(_ => new SqliteTicketStore(settings.Data.Tickets));
        }

        builder.Services.AddSwRelPipeline(o =>
        {
            o.RepositoryRoot = settings.RepositoryRoot;
            o.RefreshIndexCommand = settings.RefreshIndexCommand;
            o.Publication = settings.Publication;
            o.PollInterval = settings.PollInterval ?? o.PollInterval;
            o.LeaseDuration = settings.LeaseDuration ?? o.LeaseDuration;
            o.MaxAttempts = settings.MaxAttempts ?? o.MaxAttempts;
            o.RetryDelay = settings.RetryDelay ?? o.RetryDelay;
            // A first wait longer than the default ceiling raises the ceiling rather than stopping the daemon at start.
            o.MaxRetryDelay = o.RetryDelay > o.MaxRetryDelay ? o.RetryDelay : o.MaxRetryDelay;
            o.FreeSpaceMargin = settings.FreeSpaceMargin ?? o.FreeSpaceMargin;
        });
        if (settings.Layout is { } layout)
        {
            builder.Services.AddSwRelRepositoryLayout(o =>
            {
                o.Preset = layout.Preset;
                o.Templates = layout.Templates;
                o.DefaultReleaseType = layout.DefaultReleaseType;
                o.RepoFileFolder = layout.RepoFileFolder;
                o.PublicBaseUrl = layout.PublicBaseUrl;
                foreach (var (majorRelease, templates) in layout.Overrides)
                {
                    o.Overrides[majorRelease] = templates;
                }
            });
        }

        builder.Services.AddSwRelSqliteRequestQueue(o => o.DatabasePath = settings.Data.Queue);
        builder.Services.AddSwRelSqliteReleaseCatalogue(settings.Data.Catalogue);
        builder.Services.AddSwRelServer(o =>
        {
            o.ApiTokens.AddRange(settings.ApiTokens);
            o.SigningSecret = settings.SigningSecret;
            o.RequireTokenForReads = settings.RequireTokenForReads;
        });
        customize?.Invoke(builder);
        var app = builder.Build();
        app.MapSwRelServer();
        return app;
    }
}
