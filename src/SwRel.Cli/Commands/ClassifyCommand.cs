using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using SwRel.Domain.Tickets;
using SwRel.Repository.Versions;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>swrel classify PREVIOUS NEXT [--release-type Incremental|NonIncremental]</c>: prints <c>major</c>,
/// <c>minor</c> or <c>revision</c>; warnings go to standard error; an error exits 1.
/// </summary>
internal static class ClassifyCommand
{
    public static Command Create(CliConsole console)
    {
        var previous = new Argument<string>("PREVIOUS") { Description = "The UMD version released before, MAJOR.MINOR.REVISION." };
        var next = new Argument<string>("NEXT") { Description = "The UMD version to release, MAJOR.MINOR.REVISION." };
        var releaseType = new Option<string?>("--release-type")
        {
            Description = "The ticket's ReleaseType to check against the classification: Incremental or NonIncremental.",
            HelpName = "Incremental|NonIncremental",
        };
        var format = CommonOptions.Format();

        var command = new Command("classify", "Classify a UMD release as major, minor or revision against the version it follows.");
        command.Arguments.Add(previous);
        command.Arguments.Add(next);
        command.Options.Add(releaseType);
        command.Options.Add(format);
        command.SetAction(parseResult =>
        {
            var type = ParseReleaseType(parseResult.GetValue(releaseType));
            var json = parseResult.GetValue(format) == OutputFormat.Json;
            var previousText = parseResult.GetValue(previous) ?? "";
            var nextText = parseResult.GetValue(next) ?? "";

            var parseErrors = new List<string>();
            if (!UmdVersion.TryParse(previousText, out var from, out var error))
            {
                parseErrors.Add(error);
            }

            if (!UmdVersion.TryParse(nextText, out var to, out error))
            {
                parseErrors.Add(error);
            }

            if (parseErrors.Count > 0)
            {
                if (json)
                {
                    WriteJson(console.Out, previousText, nextText, null, type, null, [], parseErrors);
                }
                else
                {
                    foreach (var message in parseErrors)
                    {
                        console.Error.WriteLine($"swrel: {message}");
                    }
                }

                return ExitCodes.Invalid;
            }

            var result = UmdVersion.Classify(from, to, type);
            if (json)
            {
                WriteJson(console.Out, previousText, nextText, result.Kind, type, result.ExpectedReleaseType, result.Warnings, result.Errors);
            }
            else
            {
                if (result.Kind is { } kind)
                {
                    console.Out.WriteLine(KindName(kind));
                }

                foreach (var warning in result.Warnings)
                {
                    console.Error.WriteLine($"warning: {warning}");
                }

                foreach (var message in result.Errors)
                {
                    console.Error.WriteLine($"error: {message}");
                }
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static ReleaseType? ParseReleaseType(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var type in Enum.GetValues<ReleaseType>())
        {
            if (string.Equals(text, type.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        throw new UsageException($"unknown release type '{text}'; use Incremental or NonIncremental.");
    }

    private static string KindName(UmdReleaseKind kind) => kind switch
    {
        UmdReleaseKind.Major => "major",
        UmdReleaseKind.Minor => "minor",
        _ => "revision",
    };

    private static void WriteJson(
        TextWriter output, string previous, string next, UmdReleaseKind? kind, ReleaseType? given, ReleaseType? expected, IReadOnlyList<string> warnings, IReadOnlyList<string> errors)
    {
        CliJson.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("previous", previous);
            writer.WriteString("next", next);
            WriteStringOrNull(writer, "kind", kind is { } k ? KindName(k) : null);
            WriteStringOrNull(writer, "releaseType", given?.ToString());
            WriteStringOrNull(writer, "expectedReleaseType", expected?.ToString());
            writer.WriteBoolean("valid", errors.Count == 0);
            writer.WriteStartArray("warnings");
            foreach (var warning in warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("errors");
            foreach (var error in errors)
            {
                writer.WriteStringValue(error);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
