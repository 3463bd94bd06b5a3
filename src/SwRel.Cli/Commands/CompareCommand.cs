using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using SwRel.Repository.Versions;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>swrel compare A B --scheme umd|rpm|deb|semver</c>: prints -1, 0 or 1; with <c>--batch</c>, compares the
/// <c>A&lt;TAB&gt;B</c> lines of standard input, one result per line.
/// </summary>
internal static class CompareCommand
{
    private static readonly JsonWriterOptions RelaxedCompact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliConsole console)
    {
        var first = new Argument<string?>("A") { Description = "The first version (not with --batch).", Arity = ArgumentArity.ZeroOrOne };
        var second = new Argument<string?>("B") { Description = "The second version (not with --batch).", Arity = ArgumentArity.ZeroOrOne };
        var scheme = new Option<string>("--scheme")
        {
            Description = "Version scheme: umd (MAJOR.MINOR.REVISION), rpm, deb or semver.",
            HelpName = "umd|rpm|deb|semver",
            Required = true,
        };
        var batch = new Option<bool>("--batch")
        {
            Description = "Read 'A<TAB>B' lines from standard input and write one result per line; a bad line gives 'error: <why>' and the run goes on.",
        };
        var format = CommonOptions.Format();

        var command = new Command("compare", "Compare two versions by a scheme's rules: prints -1 (A sorts first), 0 (equal) or 1 (A sorts last).");
        command.Arguments.Add(first);
        command.Arguments.Add(second);
        command.Options.Add(scheme);
        command.Options.Add(batch);
        command.Options.Add(format);
        command.SetAction(parseResult =>
        {
            var comparer = VersionComparer.For(ParseScheme(parseResult.GetValue(scheme)));
            var a = parseResult.GetValue(first);
            var b = parseResult.GetValue(second);
            var json = parseResult.GetValue(format) == OutputFormat.Json;
            if (parseResult.GetValue(batch))
            {
                if (a is not null || b is not null)
                {
                    throw new UsageException("with --batch the versions come from standard input; do not also give A and B.");
                }

                return RunBatch(console, comparer, json);
            }

            if (a is null || b is null)
            {
                throw new UsageException("compare needs two versions A and B (or --batch to read 'A<TAB>B' lines from standard input).");
            }

            return RunOne(console, comparer, a, b, json);
        });
        return command;
    }

    private static VersionScheme ParseScheme(string? name) => name?.ToLowerInvariant() switch
    {
        "umd" => VersionScheme.Umd,
        "rpm" => VersionScheme.Rpm,
        "deb" or "debian" or "dpkg" => VersionScheme.Debian,
        "semver" => VersionScheme.SemVer,
        _ => throw new UsageException($"unknown version scheme '{name}'; use umd, rpm, deb or semver."),
    };

    private static string SchemeName(VersionScheme scheme) => scheme switch
    {
        VersionScheme.Umd => "umd",
        VersionScheme.Rpm => "rpm",
        VersionScheme.Debian => "deb",
        _ => "semver",
    };

    private static int RunOne(CliConsole console, IVersionSchemeComparer comparer, string a, string b, bool json)
    {
        var ok = comparer.TryCompare(a, b, out var result, out var error);
        if (json)
        {
            CliJson.Write(console.Out, writer => WriteResult(writer, comparer.Scheme, null, a, b, ok ? result : null, error), RelaxedCompact);
        }
        else if (ok)
        {
            console.Out.WriteLine(result.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            console.Error.WriteLine($"swrel: {error}");
        }

        if (ok)
        {
            WarnAboutDebianSyntax(console, comparer.Scheme, a, b, prefix: "");
        }

        return ok ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    /// <summary>The longest line <c>--batch</c> reads: 64 Ki characters (two versions and a tab are far shorter).</summary>
    private const int MaxBatchLine = 64 * 1024;

    private static int RunBatch(CliConsole console, IVersionSchemeComparer comparer, bool json)
    {
        var failed = false;
        var lineNumber = 0;
        while (true)
        {
            var line = BoundedInput.ReadLine(console.In, MaxBatchLine, out var tooLong);
            lineNumber++;
            if (tooLong)
            {
                // An endless line (from /dev/zero, say) is not drained: the batch stops here.
                console.Error.WriteLine($"swrel: line {lineNumber} is longer than {MaxBatchLine:N0} characters; a line holds two versions and a tab. Stopped.");
                return ExitCodes.Invalid;
            }

            if (line is null)
            {
                break;
            }

            // A blank line gives a blank line, so that output lines stay aligned with input lines.
            if (string.IsNullOrWhiteSpace(line))
            {
                if (!json)
                {
                    console.Out.WriteLine();
                }

                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            string? a = null, b = null, error;
            var result = 0;
            bool ok;
            if (tab < 0 || line.IndexOf('\t', tab + 1) >= 0)
            {
                ok = false;
                error = "expected two versions separated by one tab (A<TAB>B).";
            }
            else
            {
                a = line[..tab];
                b = line[(tab + 1)..];
                ok = comparer.TryCompare(a, b, out result, out error);
            }

            failed |= !ok;
            if (json)
            {
                CliJson.Write(console.Out, writer => WriteResult(writer, comparer.Scheme, lineNumber, a, b, ok ? result : null, error), RelaxedCompact);
            }
            else
            {
                console.Out.WriteLine(ok ? result.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"error: {error}");
            }

            if (ok)
            {
                WarnAboutDebianSyntax(console, comparer.Scheme, a!, b!, prefix: $"line {lineNumber}: ");
            }
        }

        return failed ? ExitCodes.Invalid : ExitCodes.Ok;
    }

    // dpkg --compare-versions compares versions that break Debian policy but warns; so does swrel.
    private static void WarnAboutDebianSyntax(CliConsole console, VersionScheme scheme, string a, string b, string prefix)
    {
        if (scheme != VersionScheme.Debian)
        {
            return;
        }

        foreach (var text in (ReadOnlySpan<string>)[a, b])
        {
            if (DebianVersion.TryParseLenient(text, out _, out _, out var warning) && warning is not null)
            {
                console.Error.WriteLine($"swrel: warning: {prefix}{warning}");
            }
        }
    }

    private static void WriteResult(Utf8JsonWriter writer, VersionScheme scheme, int? line, string? a, string? b, int? result, string? error)
    {
        writer.WriteStartObject();
        if (line is { } number)
        {
            writer.WriteNumber("line", number);
        }

        writer.WriteString("scheme", SchemeName(scheme));
        WriteStringOrNull(writer, "a", a);
        WriteStringOrNull(writer, "b", b);
        if (result is { } value)
        {
            writer.WriteNumber("result", value);
        }
        else
        {
            writer.WriteNull("result");
            writer.WriteString("error", error);
        }

        writer.WriteEndObject();
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
