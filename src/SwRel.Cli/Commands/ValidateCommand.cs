using System.CommandLine;
using System.Text.Json;
using SwRel.Metadata.Releases;

namespace SwRel.Cli.Commands;

/// <summary><c>swrel validate FILE... [--format text|json]</c>: parse and validate release.xml files (SPEC §8, §13).</summary>
internal static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "release.xml files to validate (either dialect); '-' reads standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = CommonOptions.Format();
        var strict = new Option<bool>("--strict")
        {
            Description = "Treat warnings (odd display fields such as a documentationLink that is not a URL) as errors.",
        };
        var command = new Command("validate", "Parse and validate release.xml files; prints every problem as file:line:col: error|warning: message. Exit 0 when all are valid, 1 otherwise.");
        command.Arguments.Add(files);
        command.Options.Add(format);
        command.Options.Add(strict);
        command.SetAction(parseResult =>
        {
            var options = parseResult.GetValue(strict) ? new ReleaseReaderOptions { Strict = true } : ReleaseReaderOptions.Default;
            var outcomes = parseResult.GetValue(files)!.Select(file => Validate(file, options, console)).ToList();
            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                WriteJson(console.Out, outcomes);
            }
            else
            {
                WriteText(console.Out, outcomes);
            }

            return outcomes.All(o => o.Valid) ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static FileOutcome Validate(string file, ReleaseReaderOptions options, CliConsole console)
    {
        try
        {
            var result = file == "-"
                ? ReleaseDescriptorReader.Parse(BoundedInput.ReadToEnd(console.In, options.MaxDocumentBytes), options)
                : ReleaseDescriptorReader.ReadFile(file, options);
            return new FileOutcome(file, result.IsValid, result.Dialect, result.Descriptor, result.Errors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message;
            return new FileOutcome(file, false, null, null, [new ReleaseMetadataError(0, 0, $"cannot read the file: {why}")]);
        }
    }

    private static void WriteText(TextWriter output, IEnumerable<FileOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            foreach (var error in outcome.Errors)
            {
                output.WriteLine($"{outcome.File}:{error.Line}:{error.Column}: {SeverityName(error.Severity)}: {error.Message}");
            }

            if (outcome.Valid && outcome.Descriptor is { } d)
            {
                output.WriteLine($"{outcome.File}: valid {DialectName(d.Dialect)} descriptor of {d.ProductShortName} {d.Version}");
            }
        }
    }

    private static void WriteJson(TextWriter output, List<FileOutcome> outcomes)
    {
        CliJson.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("valid", outcomes.All(o => o.Valid));
            json.WriteStartArray("files");
            foreach (var outcome in outcomes)
            {
                json.WriteStartObject();
                json.WriteString("file", outcome.File);
                json.WriteBoolean("valid", outcome.Valid);
                if (outcome.Dialect is { } dialect)
                {
                    json.WriteString("dialect", DialectName(dialect));
                }
                else
                {
                    json.WriteNull("dialect");
                }

                if (outcome.Descriptor is { } d)
                {
                    json.WriteString("productShortName", d.ProductShortName);
                    json.WriteString("version", d.Version);
                }

                json.WriteStartArray("errors");
                foreach (var error in outcome.Errors)
                {
                    json.WriteStartObject();
                    json.WriteNumber("line", error.Line);
                    json.WriteNumber("column", error.Column);
                    json.WriteString("severity", SeverityName(error.Severity));
                    json.WriteString("message", error.Message);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static string SeverityName(ReleaseMetadataSeverity severity) => severity == ReleaseMetadataSeverity.Error ? "error" : "warning";

    private static string DialectName(ReleaseDialect dialect) => dialect == ReleaseDialect.Nrms2010 ? "NRMS 2010" : "repo.egi.eu 0.2";

    private sealed record FileOutcome(string File, bool Valid, ReleaseDialect? Dialect, ReleaseDescriptor? Descriptor, IReadOnlyList<ReleaseMetadataError> Errors);
}
