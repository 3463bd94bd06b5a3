using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SwRel.Cli.Terminal;
using SwRel.Metadata.Checksums;

namespace SwRel.Cli.Commands;

/// <summary><c>swrel checksum create|verify</c>: write a Metalink manifest for a tree; verify a tree against a manifest (SPEC §9, §13).</summary>
internal static class ChecksumCommand
{
    /// <summary>The most problems listed one by one on stderr; the rest are counted.</summary>
    private const int MaxProblemsShown = 100;

    public static Command Create(CliConsole console)
    {
        var command = new Command("checksum", "Create and verify checksum manifests (Metalink 4; coreutils text forms are read too).");
        command.Subcommands.Add(CreateSubcommand(console));
        command.Subcommands.Add(VerifySubcommand(console));
        return command;
    }

    private static Option<int> ParallelOption() => new("--parallel", "-j")
    {
        Description = "How many files to hash at once (default: the number of processors).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static Command CreateSubcommand(CliConsole console)
    {
        var directory = new Argument<string>("DIR") { Description = "The folder whose files to list." };
        var output = new Option<string>("--output", "-o") { Description = "The manifest file to write (Metalink 4).", Required = true };
        var algorithm = new Option<string>("--algorithm", "-a")
        {
            Description = "The hash: sha-256 (default), sha-384, sha-512, sha-1 or md5.",
            DefaultValueFactory = _ => "sha-256",
        };
        var parallel = ParallelOption();
        var format = CommonOptions.Format();
        var command = new Command("create", "Hash every file under DIR and write a Metalink 4 manifest, sorted, with relative '/' paths.");
        command.Arguments.Add(directory);
        command.Options.Add(output);
        command.Options.Add(algorithm);
        command.Options.Add(parallel);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var root = parseResult.GetValue(directory)!;
            var outputPath = parseResult.GetValue(output)!;
            var algorithmName = parseResult.GetValue(algorithm);
            if (!ChecksumAlgorithms.TryParse(algorithmName, out var chosen))
            {
                throw new UsageException($"unknown algorithm '{algorithmName}'; use sha-256, sha-384, sha-512, sha-1 or md5.");
            }

            var options = new VerifierOptions { Parallelism = CheckParallel(parseResult.GetValue(parallel)) };
            if (!Directory.Exists(root))
            {
                console.Error.WriteLine(File.Exists(root) ? $"swrel: {root}: is a file, not a folder." : $"swrel: {root}: no such directory.");
                return ExitCodes.Invalid;
            }

            ChecksumManifest manifest;
            try
            {
                using var bar = console.IsErrorTerminal ? new ProgressBar(console.Error, TimeProvider.System) : null;
                manifest = await ManifestBuilder.CreateAsync(root, chosen, options, bar, cancellationToken).ConfigureAwait(false);
            }
            catch (ManifestBuildException e)
            {
                if (e.Problems.IsEmpty)
                {
                    console.Error.WriteLine($"swrel: {e.Message}");
                }

                WriteCapped(e.Problems, problem => console.Error.WriteLine($"swrel: {root}: {problem}"), more => console.Error.WriteLine($"swrel: {root}: and {more} more."));
                console.Error.WriteLine("swrel: no manifest written.");
                return ExitCodes.Invalid;
            }

            // A manifest written inside the tree it describes must not list itself (or its previous version).
            var self = RelativeInside(root, outputPath);
            if (self is not null)
            {
                manifest = manifest with { Entries = manifest.Entries.RemoveAll(e => e.Path == self) };
                if (manifest.Entries.IsEmpty)
                {
                    console.Error.WriteLine($"swrel: {root}: holds no file apart from the manifest itself; an empty manifest would vouch for nothing. No manifest written.");
                    return ExitCodes.Invalid;
                }
            }

            MetalinkWriter.WriteFile(manifest, outputPath);
            if (ChecksumAlgorithms.IsWeak(chosen))
            {
                console.Error.WriteLine($"swrel: warning: {ChecksumAlgorithms.ToName(chosen)} is a weak algorithm; prefer sha-256.");
            }

            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                await WriteJsonAsync(console, (writer, _) =>
                {
                    writer.WriteString("manifest", outputPath);
                    writer.WriteString("algorithm", ChecksumAlgorithms.ToName(chosen));
                    writer.WriteNumber("entries", manifest.Entries.Length);
                    writer.WriteNumber("bytes", manifest.StatedBytes);
                    return Task.CompletedTask;
                }).ConfigureAwait(false);
            }
            else
            {
                console.Out.WriteLine($"Wrote {manifest.Entries.Length} entries ({ByteSize.Format(manifest.StatedBytes)}, {ChecksumAlgorithms.ToName(chosen)}) to {outputPath}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command VerifySubcommand(CliConsole console)
    {
        var manifestArgument = new Argument<string>("MANIFEST") { Description = "The manifest: Metalink 4, or coreutils text (GNU or BSD form)." };
        var rootOption = new Option<string?>("--root", "-r") { Description = "The folder the manifest's paths are relative to (default: the manifest's folder)." };
        var parallel = ParallelOption();
        var reportExtra = new Option<bool>("--report-extra") { Description = "Also report files under the root that the manifest does not list (they fail the check)." };
        var refuseWeak = new Option<bool>("--refuse-weak") { Description = "Refuse the manifest if an entry has only a sha-1 or md5 hash." };
        var format = CommonOptions.Format();
        var command = new Command("verify", "Verify the files under --root against MANIFEST. Exit 0 when every entry is ok, 1 otherwise.");
        command.Arguments.Add(manifestArgument);
        command.Options.Add(rootOption);
        command.Options.Add(parallel);
        command.Options.Add(reportExtra);
        command.Options.Add(refuseWeak);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var manifestPath = parseResult.GetValue(manifestArgument)!;
            var root = parseResult.GetValue(rootOption) ?? Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
            var json = parseResult.GetValue(format) == OutputFormat.Json;
            var options = new VerifierOptions
            {
                Parallelism = CheckParallel(parseResult.GetValue(parallel)),
                ReportExtra = parseResult.GetValue(reportExtra),
                RefuseWeakAlgorithms = parseResult.GetValue(refuseWeak),
            };

            // Only a regular file is read: a FIFO, socket, device or folder is named at once instead of hanging.
            ManifestReadResult read;
            try
            {
                read = ChecksumManifestReader.ReadFile(manifestPath);
            }
            catch (FileNotFoundException)
            {
                console.Error.WriteLine($"swrel: {manifestPath}: no such file.");
                return ExitCodes.Invalid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"swrel: {e.Message}");
                return ExitCodes.Invalid;
            }

            foreach (var warning in read.Warnings)
            {
                console.Error.WriteLine($"swrel: warning: {Located(manifestPath, warning)}");
            }

            if (!read.Succeeded)
            {
                foreach (var error in read.Errors)
                {
                    console.Error.WriteLine(Located(manifestPath, error));
                }

                return ExitCodes.Invalid;
            }

            if (!Directory.Exists(root))
            {
                console.Error.WriteLine($"swrel: {root}: no such directory.");
                return ExitCodes.Invalid;
            }

            // The manifest cannot list itself: when it sits in the tree it is not an extra file.
            var self = RelativeInside(root, manifestPath);
            var scope = new VerificationScope { ReportExtra = options.ReportExtra, AllowedUnlisted = self is null ? [] : [self] };
            var verifier = new ChecksumVerifier(options);
            using var bar = console.IsErrorTerminal ? new ProgressBar(console.Error, TimeProvider.System) : null;
            var summary = json
                ? await WriteJsonReportAsync(console, manifestPath, root, read, (onResult, token) => verifier.VerifyStreamingAsync(read.Manifest, root, scope, onResult, bar, token), cancellationToken).ConfigureAwait(false)
                : await WriteTextReportAsync(console, manifestPath, (onResult, token) => verifier.VerifyStreamingAsync(read.Manifest, root, scope, onResult, bar, token), cancellationToken).ConfigureAwait(false);
            return summary.AllOk ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static string Located(string manifestPath, ManifestError error) =>
        error.Line > 0 ? $"{manifestPath}:{error}" : $"{manifestPath}: {error}";

    private static void WriteCapped<T>(IReadOnlyList<T> problems, Action<T> write, Action<int> writeMore)
    {
        for (var i = 0; i < problems.Count && i < MaxProblemsShown; i++)
        {
            write(problems[i]);
        }

        if (problems.Count > MaxProblemsShown)
        {
            writeMore(problems.Count - MaxProblemsShown);
        }
    }

    private static int CheckParallel(int value) =>
        value >= 1 ? value : throw new UsageException($"--parallel must be at least 1, not {value}.");

    private static string? RelativeInside(string root, string path)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path));
        return relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Runs a verification, printing each failure as it is found, then the totals.</summary>
    private static async Task<VerificationSummary> WriteTextReportAsync(CliConsole console, string manifestPath, Func<Action<EntryResult>, CancellationToken, Task<VerificationSummary>> verify, CancellationToken cancellationToken)
    {
        var weak = 0;
        var summary = await verify(entry =>
        {
            weak += entry.Status == EntryStatus.Ok && entry.IsWeak ? 1 : 0;
            var line = entry.Status switch
            {
                EntryStatus.Ok => null,
                EntryStatus.Mismatch => $"FAILED {entry.Path}: {Name(entry)} mismatch, expected {entry.Expected}, got {entry.Actual}",
                EntryStatus.SizeMismatch => $"FAILED {entry.Path}: size mismatch, expected {entry.ExpectedSize} bytes, found {entry.ActualSize}",
                EntryStatus.Missing => $"FAILED {entry.Path}: missing",
                EntryStatus.Unreadable => $"FAILED {entry.Path}: unreadable: {entry.Reason}",
                EntryStatus.Extra => entry.Reason is null ? $"EXTRA  {entry.Path}: not in the manifest" : $"EXTRA  {entry.Path}: not in the manifest, and {entry.Reason}",
                _ => $"FAILED {entry.Path}: {entry.Status}",
            };
            if (line is not null)
            {
                console.Out.WriteLine(line);
            }
        }, cancellationToken).ConfigureAwait(false);

        if (summary.IsRefused)
        {
            console.Error.WriteLine($"swrel: {manifestPath}: refused, no file was opened:");
            WriteCapped(summary.Refused, problem => console.Error.WriteLine($"  {problem}"), more => console.Error.WriteLine($"  and {more} more."));
            return summary;
        }

        if (weak > 0)
        {
            console.Error.WriteLine($"swrel: warning: {weak} file(s) checked only with a weak algorithm (sha-1 or md5).");
        }

        var seconds = Math.Max(summary.Elapsed.TotalSeconds, 1e-6);
        var failed = summary.Total - summary.Count(EntryStatus.Ok);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Count(EntryStatus.Ok)} ok, {failed} failed; {ByteSize.Format(summary.BytesHashed)} in {summary.Elapsed.TotalSeconds:0.00} s ({ByteSize.Format((long)(summary.BytesHashed / seconds))}/s)."));
        return summary;
    }

    private static string Name(EntryResult entry) => entry.Algorithm is { } algorithm ? ChecksumAlgorithms.ToName(algorithm) : "hash";

    /// <summary>
    /// Runs a verification, writing each result into the <c>entries</c> array as it is produced (in the order they
    /// finish), then what is known only at the end: the refused entries, the totals and <c>ok</c>.
    /// </summary>
    private static async Task<VerificationSummary> WriteJsonReportAsync(CliConsole console, string manifestPath, string root, ManifestReadResult read, Func<Action<EntryResult>, CancellationToken, Task<VerificationSummary>> verify, CancellationToken cancellationToken)
    {
        VerificationSummary? summary = null;
        await WriteJsonAsync(console, async (writer, drain) =>
        {
            writer.WriteString("manifest", manifestPath);
            writer.WriteString("root", Path.GetFullPath(root));
            writer.WriteStartArray("warnings");
            foreach (var warning in read.Warnings)
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", warning.Line);
                writer.WriteNumber("column", warning.Column);
                writer.WriteString("message", warning.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("entries");
            var written = 0;
            summary = await verify(entry =>
            {
                // Hand the text to the console every few hundred entries instead of holding the whole report.
                if (++written % 256 == 0)
                {
                    drain();
                }

                WriteEntry(writer, entry);
            }, cancellationToken).ConfigureAwait(false);

            writer.WriteEndArray();
            writer.WriteStartArray("refused");
            foreach (var problem in summary.Refused)
            {
                writer.WriteStartObject();
                writer.WriteString("path", problem.Path);
                writer.WriteNumber("line", problem.Line);
                writer.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(problem.Kind.ToString()));
                writer.WriteString("message", problem.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("summary");
            writer.WriteNumber("total", summary.Total);
            foreach (var status in Enum.GetValues<EntryStatus>())
            {
                writer.WriteNumber(StatusName(status), summary.Count(status));
            }

            writer.WriteNumber("bytes", summary.BytesHashed);
            writer.WriteNumber("elapsedSeconds", Math.Round(summary.Elapsed.TotalSeconds, 6));
            writer.WriteEndObject();
            writer.WriteBoolean("ok", summary.AllOk);
        }).ConfigureAwait(false);
        return summary!;
    }

    private static void WriteEntry(Utf8JsonWriter writer, EntryResult entry)
    {
        writer.WriteStartObject();
        writer.WriteString("path", entry.Path);
        writer.WriteString("status", StatusName(entry.Status));
        WriteOptional(writer, "algorithm", entry.Algorithm is { } a ? ChecksumAlgorithms.ToName(a) : null);
        WriteOptional(writer, "expected", entry.Expected);
        WriteOptional(writer, "actual", entry.Actual);
        if (entry.ExpectedSize is { } expectedSize)
        {
            writer.WriteNumber("expectedSize", expectedSize);
        }

        if (entry.ActualSize is { } actualSize)
        {
            writer.WriteNumber("actualSize", actualSize);
        }

        WriteOptional(writer, "reason", entry.Reason);
        if (entry.IsWeak)
        {
            writer.WriteBoolean("weak", true);
        }

        writer.WriteEndObject();
    }

    private static string StatusName(EntryStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>
    /// Writes one JSON object to stdout. <c>body</c> may call the action it is given to pass what is written so far
    /// to the console (at a token boundary), so that a long report is not held whole in memory.
    /// </summary>
    private static async Task WriteJsonAsync(CliConsole console, Func<Utf8JsonWriter, Action, Task> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            void Drain()
            {
                writer.Flush();
                if (buffer.Length > 0)
                {
                    // Flushed at a token boundary, so the bytes are whole characters; decode them into a reused array.
                    var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
                    var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(bytes.Length));
                    try
                    {
                        console.Out.Write(chars, 0, Encoding.UTF8.GetChars(bytes, chars));
                    }
                    finally
                    {
                        ArrayPool<char>.Shared.Return(chars);
                    }

                    buffer.SetLength(0);
                }
            }

            writer.WriteStartObject();
            await body(writer, Drain).ConfigureAwait(false);
            writer.WriteEndObject();
        }

        console.Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
