using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SwRel.Cli.Serve;

namespace SwRel.Cli.Commands;

/// <summary><c>swrel serve</c>: runs the Repo daemon (SPEC §12.1) over one data folder until stopped.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var dataDir = DataFolder.Option();
        var listen = new Option<string?>("--listen")
        {
            Description = $"Where to listen, e.g. {ServeSettings.DefaultListen} (several separated by ';'; https needs a certificate in Kestrel's configuration).",
            HelpName = "URL",
        };
        var tokenFile = new Option<string?>("--api-token-file")
        {
            Description = "A file with the write token(s), one per line; or set SWREL_API_TOKEN.",
            HelpName = "FILE",
        };
        var secretFile = new Option<string?>("--signing-secret-file")
        {
            Description = "A file with the shared secret for signed requests (X-SwRel-Signature).",
            HelpName = "FILE",
        };
        var rtUrl = new Option<string?>("--rt-url")
        {
            Description = "Use Request Tracker at this URL as the ticket system instead of the embedded ticket store (Tickets:Rt:Url); credentials from SWREL_RT_TOKEN, or SWREL_RT_USER and SWREL_RT_PASSWORD.",
            HelpName = "URL",
        };
        var gpgHome = new Option<string?>("--gpg-home")
        {
            Description = "The GnuPG home that holds the signing key (Publication:GnuPgHome): each area the daemon publishes is a signed yum or apt repository (needs --gpg-key).",
            HelpName = "DIR",
        };
        var gpgKey = new Option<string?>("--gpg-key")
        {
            Description = "The signing key in --gpg-home: fingerprint, key id or user id (Publication:SigningKey).",
            HelpName = "KEY",
        };
        var layoutConfig = new Option<string?>("--layout-config")
        {
            Description = "Where releases go in the repository: the JSON layout file 'swrel plan --layout-config' reads (Layout:ConfigFile); the EGI repository's layout without it.",
            HelpName = "FILE",
        };
        var publicBaseUrl = new Option<string?>("--public-base-url")
        {
            Description = "The address the repository is served at, which the repo files the daemon writes name (Layout:PublicBaseUrl); https://repository.egi.eu/ without it.",
            HelpName = "URL",
        };
        var command = new Command(
            "serve",
            "Run the Repo daemon: the transition-request API, the durable queue, the processor, the status page, /healthz, /readyz and /metrics. Stops on Ctrl+C or SIGTERM.");
        command.Options.Add(dataDir);
        command.Options.Add(listen);
        command.Options.Add(tokenFile);
        command.Options.Add(secretFile);
        command.Options.Add(rtUrl);
        command.Options.Add(gpgHome);
        command.Options.Add(gpgKey);
        command.Options.Add(layoutConfig);
        command.Options.Add(publicBaseUrl);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var flags = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (parseResult.GetValue(listen) is { } url)
            {
                flags["Urls"] = url;
            }

            if (parseResult.GetValue(tokenFile) is { } tokens)
            {
                flags["ApiTokenFile"] = tokens;
            }

            if (parseResult.GetValue(secretFile) is { } secret)
            {
                flags["SigningSecretFile"] = secret;
            }

            if (parseResult.GetValue(rtUrl) is { } rt)
            {
                flags["Tickets:Rt:Url"] = rt;
            }

            if (parseResult.GetValue(gpgHome) is { } home)
            {
                flags["Publication:GnuPgHome"] = Path.GetFullPath(home);
            }

            if (parseResult.GetValue(gpgKey) is { } key)
            {
                flags["Publication:SigningKey"] = key;
            }

            if (parseResult.GetValue(layoutConfig) is { } layout)
            {
                flags["Layout:ConfigFile"] = Path.GetFullPath(layout);
            }

            if (parseResult.GetValue(publicBaseUrl) is { } baseUrl)
            {
                flags["Layout:PublicBaseUrl"] = baseUrl;
            }

            var settings = ServeSettings.Read(DataFolder.Resolve(parseResult.GetValue(dataDir)), flags, out var errors);
            if (settings is null)
            {
                return Refuse(console, errors);
            }

            try
            {
                await using var app = DaemonHost.Build(settings);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                // The addresses bound, not the ones asked for: port 0 asks for any free port.
                var bound = app.Urls.Count > 0 ? app.Urls.ToList() : [.. settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                console.Out.WriteLine($"swrel serve: listening on {string.Join(';', bound)} over the data folder {settings.Data.Path}; status page at {bound[0].TrimEnd('/')}/");
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (OptionsValidationException e)
            {
                return Refuse(console, e.Failures);
            }
            catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                return Refuse(console, [$"--listen {settings.Urls}: {e.Message}"]);
            }
        });
        return command;
    }

    private static int Refuse(CliConsole console, IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            console.Error.WriteLine($"swrel serve: {error}");
        }

        return ExitCodes.Invalid;
    }
}
