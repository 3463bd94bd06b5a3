using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SwRel.Rt;
using SwRel.Rt.Setup;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>swrel rt initialdata|check|history</c>: set up Request Tracker for the workflow, check the set-up, and read a
/// ticket's state history from RT's transactions (SPEC §14).
/// </summary>
internal static class RtCommand
{
    private const string TokenVariable = "SWREL_RT_TOKEN";
    private const string UserVariable = "SWREL_RT_USER";
    private const string PasswordVariable = "SWREL_RT_PASSWORD";

    public static Command Create(CliConsole console)
    {
        var command = new Command("rt", "Set up, check and read Request Tracker 5 (the sw-rel queue).");
        command.Subcommands.Add(InitialData(console));
        command.Subcommands.Add(Check(console));
        command.Subcommands.Add(History(console));
        return command;
    }

    private static Command InitialData(CliConsole console)
    {
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the initialdata file.", Required = true, HelpName = "FILE" };
        var config = new Option<FileInfo?>("--rt-config") { Description = "Also write the RT configuration file (for RT_SiteConfig.d): the queue's lifecycle and the daemon's URL and token.", HelpName = "FILE" };
        var daemonUrl = new Option<string?>("--daemon-url") { Description = "With --rt-config: the daemon's URL that takes transition requests, for example https://repo.example.org/transition.", HelpName = "URL" };
        var tokenFile = new Option<FileInfo?>("--daemon-token-file") { Description = "With --rt-config: a file holding the bearer token RT sends to the daemon.", HelpName = "FILE" };
        var command = new Command("initialdata", "Write RT's set-up for the workflow, to apply on the RT host with rt-setup-database-5 --action insert --datafile FILE.");
        command.Options.Add(output);
        command.Options.Add(config);
        command.Options.Add(daemonUrl);
        command.Options.Add(tokenFile);
        command.SetAction(parseResult =>
        {
            var configFile = parseResult.GetValue(config);
            var url = parseResult.GetValue(daemonUrl);
            var token = parseResult.GetValue(tokenFile);
            string? configText = null;
            if (configFile is null)
            {
                if (url is not null || token is not null)
                {
                    throw new UsageException("--daemon-url and --daemon-token-file go with --rt-config FILE.");
                }
            }
            else
            {
                if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var daemon) || (daemon.Scheme != Uri.UriSchemeHttp && daemon.Scheme != Uri.UriSchemeHttps))
                {
                    throw new UsageException($"--rt-config needs --daemon-url with the daemon's absolute http or https URL{(url is null ? "" : $", not '{url}'")}.");
                }

                var bearer = token is null ? null : File.ReadAllText(token.FullName).Trim();
                configText = RtInitialData.CreateConfig(new RtDaemonConnection(daemon, bearer));
            }

            File.WriteAllText(parseResult.GetValue(output)!.FullName, RtInitialData.Create());
            if (configFile is not null)
            {
                File.WriteAllText(configFile.FullName, configText);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Check(CliConsole console)
    {
        var rtUrl = RtUrl();
        var queue = Queue();
        var format = CommonOptions.Format();
        var command = new Command("check", $"Check through RT's REST 2.0 API that the queue, its custom fields with their values and the groups are in place. Credentials: {TokenVariable}, or {UserVariable} and {PasswordVariable}.");
        command.Options.Add(rtUrl);
        command.Options.Add(queue);
        command.Options.Add(format);
        command.SetAction(parseResult => WithRt(console, parseResult.GetValue(rtUrl)!, parseResult.GetValue(queue)!, services =>
        {
            var missing = services.GetRequiredService<RtSetupCheck>().FindMissingAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                using var buffer = new MemoryStream();
                using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    json.WriteStartObject();
                    json.WriteBoolean("ok", missing.IsEmpty);
                    json.WriteStartArray("missing");
                    foreach (var item in missing)
                    {
                        json.WriteStringValue(item);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else if (missing.IsEmpty)
            {
                console.Out.WriteLine("RT has the queue, the custom fields with their values and the groups the workflow needs.");
            }
            else
            {
                foreach (var item in missing)
                {
                    console.Out.WriteLine(item);
                }
            }

            return missing.IsEmpty ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    private static Command History(CliConsole console)
    {
        var ticket = new Argument<int>("TICKET") { Description = "The RT ticket's number." };
        var rtUrl = RtUrl();
        var command = new Command("history", "Print a ticket's state history (CSV: state,entered_at_utc,actor) rebuilt from RT's transactions.");
        command.Arguments.Add(ticket);
        command.Options.Add(rtUrl);
        command.SetAction(parseResult =>
        {
            var id = parseResult.GetValue(ticket);
            if (id <= 0)
            {
                throw new UsageException($"TICKET must be a positive ticket number, not {id}.");
            }

            return WithRt(console, parseResult.GetValue(rtUrl)!, "sw-rel", services =>
            {
                var history = services.GetRequiredService<RtHistoryReader>().ReadAsync(id, CancellationToken.None).GetAwaiter().GetResult();
                if (history is null)
                {
                    console.Error.WriteLine($"swrel: RT has no ticket {id}.");
                    return ExitCodes.Invalid;
                }

                console.Out.Write(history.ToCsv());
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Option<string> RtUrl() => new("--rt-url") { Description = "RT's base URL, for example https://rt.example.org/.", Required = true, HelpName = "URL" };

    private static Option<string> Queue() => new("--queue") { Description = "The RT queue of the workflow.", DefaultValueFactory = _ => "sw-rel", HelpName = "NAME" };

    /// <summary>Runs an action with SwRel's RT services, logged in with the credentials of the SWREL_RT_* variables; RT's failures become messages.</summary>
    internal static int WithRt(CliConsole console, string url, string queue, Func<IServiceProvider, int> action)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var rt) || (rt.Scheme != Uri.UriSchemeHttp && rt.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--rt-url must be RT's absolute http or https URL, not '{url}'.");
        }

        var token = Environment.GetEnvironmentVariable(TokenVariable);
        var user = Environment.GetEnvironmentVariable(UserVariable);
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(token) && (string.IsNullOrEmpty(user) || password is null))
        {
            throw new UsageException($"RT credentials are missing: set {TokenVariable}, or {UserVariable} and {PasswordVariable}.");
        }

        var services = new ServiceCollection();
        services.AddSwRelRt(o =>
        {
            o.Url = rt;
            o.Token = string.IsNullOrEmpty(token) ? null : token;
            o.User = user;
            o.Password = password;
            o.Queue = queue;
        });
        using var provider = services.BuildServiceProvider();
        try
        {
            return action(provider);
        }
        catch (RtException e)
        {
            console.Error.WriteLine($"swrel: {e.Message}");
            return ExitCodes.Invalid;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                console.Error.WriteLine($"swrel: {failure}");
            }

            return ExitCodes.Usage;
        }
    }
}
