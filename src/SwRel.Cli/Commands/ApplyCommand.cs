using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json;
using SwRel.IO;
using SwRel.Metadata.Checksums;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Publication;
using SwRel.Repository.Transports;

namespace SwRel.Cli.Commands;

/// <summary><c>swrel apply PLAN.json --root DIR [--dry-run] [--index-command PROGRAM | --gpg-home DIR --gpg-key KEY] [--checksums FILE | --allow-tree-manifest] [--format text|json]</c>.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var planArgument = new Argument<FileInfo>("plan")
        {
            Description = "The plan: a JSON file written by 'swrel plan --format json' (one plan object or an array of them).",
        };
        var root = new Option<DirectoryInfo>("--root")
        {
            Description = "The repository root to change.",
            Required = true,
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Print what would change and change nothing.",
        };
        var indexCommand = new Option<string?>("--index-command")
        {
            Description = "The program that refreshes a repository index (for example createrepo); it gets the folder as its argument.",
        };
        var gpgHome = new Option<DirectoryInfo?>("--gpg-home")
        {
            Description = "The GnuPG home that holds the signing key: refresh-index steps then sign the packages and build and sign each area's yum or apt index (needs --gpg-key).",
        };
        var gpgKey = new Option<string?>("--gpg-key")
        {
            Description = "The signing key in --gpg-home (fingerprint, key id or user id).",
        };
        var checksums = ChecksumsOption.Create("verify steps check the fetched files against it.");
        var allowTreeManifest = new Option<bool>("--allow-tree-manifest")
        {
            Description = "Without --checksums, let verify steps read the manifest inside the fetched release (it comes from the same source as the files).",
        };
        var format = CommonOptions.Format();
        var command = new Command("apply", "Apply a repository plan to a local repository root: all or nothing, crash-safe, re-runnable.");
        command.Arguments.Add(planArgument);
        command.Options.Add(root);
        command.Options.Add(dryRun);
        command.Options.Add(indexCommand);
        command.Options.Add(gpgHome);
        command.Options.Add(gpgKey);
        command.Options.Add(checksums);
        command.Options.Add(allowTreeManifest);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) => await RunAsync(
            console,
            parseResult.GetValue(planArgument)!,
            parseResult.GetValue(root)!,
            parseResult.GetValue(dryRun),
            parseResult.GetValue(indexCommand),
            parseResult.GetValue(gpgHome),
            parseResult.GetValue(gpgKey),
            new ManifestSource(parseResult.GetValue(checksums), parseResult.GetValue(allowTreeManifest)),
            parseResult.GetValue(format),
            cancellationToken).ConfigureAwait(false));
        return command;
    }

    private static async Task<int> RunAsync(
        CliConsole console, FileInfo planFile, DirectoryInfo root, bool dryRun, string? indexCommand, DirectoryInfo? gpgHome, string? gpgKey,
        ManifestSource checksums, OutputFormat format, CancellationToken cancellationToken)
    {
        if ((gpgHome is null) != string.IsNullOrWhiteSpace(gpgKey))
        {
            console.Error.WriteLine(gpgHome is null
                ? "swrel: --gpg-key needs --gpg-home, the GnuPG home that holds the key."
                : "swrel: --gpg-home needs --gpg-key, the key in it that signs.");
            return ExitCodes.Usage;
        }

        ChecksumManifest? manifest = null;
        if (checksums.File is { } checksumsFile && (manifest = ChecksumsOption.Read(console, checksumsFile)) is null)
        {
            return ExitCodes.Invalid;
        }

        ImmutableArray<RepositoryPlan> plans;
        try
        {
            plans = RepositoryPlanJson.ParseAll(await ReadPlanAsync(planFile.FullName, cancellationToken).ConfigureAwait(false));
        }
        catch (FileNotFoundException)
        {
            console.Error.WriteLine($"swrel: cannot read the plan '{planFile.FullName}': it does not exist.");
            return ExitCodes.Invalid;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"swrel: cannot read the plan: {e.Message}");
            return ExitCodes.Invalid;
        }
        catch (RepositoryPlanFormatException e)
        {
            console.Error.WriteLine($"swrel: {planFile.FullName}: {e.Message}");
            return ExitCodes.Invalid;
        }

        using var http = new HttpClient();
        var executor = new PlanExecutor(new ReleaseStepHandler(
            new TransportFactory(new TransportOptions(), http),
            new ReleaseStepHandlerOptions
            {
                RefreshIndexCommand = indexCommand,
                Publication = gpgHome is null ? null : new PublicationOptions { GnuPgHome = gpgHome.FullName, SigningKey = gpgKey! },
                Manifest = manifest,
                AllowTreeManifest = checksums.AllowTree,
                SetRepositoryUrl = static (step, _) => ValueTask.FromResult($"RepositoryURL: {step.Path} (printed only: swrel apply has no ticket system)"),
            }));
        if (!dryRun && await IndexCommandCheck.RefuseWithoutFlagAsync(console, executor, plans, root.FullName, indexCommand, gpgHome is not null, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var results = new List<(RepositoryPlan Plan, PlanExecutionResult Result)>();
        try
        {
            foreach (var plan in plans)
            {
                var result = dryRun
                    ? await executor.DryRunAsync(plan, root.FullName, cancellationToken).ConfigureAwait(false)
                    : await executor.ApplyAsync(plan, root.FullName, cancellationToken).ConfigureAwait(false);
                results.Add((plan, result));
                if (!result.Succeeded && !dryRun)
                {
                    break;
                }
            }
        }
        catch (PlanExecutionException e)
        {
            Print(console, format, root.FullName, dryRun, results);
            console.Error.WriteLine($"swrel: {e.Message}");
            if (e.StepKind == RefreshIndexStep.KindName && indexCommand is null && gpgHome is null && e.InnerException is null)
            {
                console.Error.WriteLine("swrel: give --index-command PROGRAM (for example createrepo) to refresh repository indexes.");
            }

            return ExitCodes.Invalid;
        }

        Print(console, format, root.FullName, dryRun, results);
        var conflicts = results.SelectMany(r => r.Result.Conflicts).ToArray();
        if (conflicts.Length > 0 && format == OutputFormat.Text)
        {
            console.Error.WriteLine(dryRun
                ? $"swrel: applying would stop at {conflicts.Length} conflict(s)."
                : $"swrel: {conflicts.Length} conflict(s); that plan changed nothing.");
        }

        return conflicts.Length == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private sealed record ManifestSource(string? File, bool AllowTree);

    /// <summary>Reads a plan file: a regular file only (a FIFO would block, a device never ends), and no more than the reader accepts.</summary>
    private static async Task<byte[]> ReadPlanAsync(string path, CancellationToken cancellationToken)
    {
        var stream = RegularFile.OpenRead(path, RepositoryPlanJson.MaxDocumentBytes, "a plan file");
        await using (stream.ConfigureAwait(false))
        {
            // The file may grow after its size was checked: one byte past the limit is enough to refuse it.
            var buffer = new byte[(int)Math.Min(stream.Length, RepositoryPlanJson.MaxDocumentBytes) + 1];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length == buffer.Length && length <= RepositoryPlanJson.MaxDocumentBytes)
                {
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, RepositoryPlanJson.MaxDocumentBytes + 1L));
                }
            }

            if (length == 0)
            {
                throw new IOException($"'{path}' is empty; a plan file holds a plan object or the array of plans that 'swrel plan --format json' prints.");
            }

            return buffer[..length];
        }
    }

    private static void Print(CliConsole console, OutputFormat format, string root, bool dryRun, List<(RepositoryPlan Plan, PlanExecutionResult Result)> results)
    {
        if (format == OutputFormat.Json)
        {
            PrintJson(console, root, dryRun, results);
            return;
        }

        foreach (var (plan, result) in results)
        {
            if (result.Recovery != JournalRecovery.None)
            {
                console.Out.WriteLine(result.Recovery switch
                {
                    JournalRecovery.RolledBack => "recovered an interrupted run: rolled back",
                    JournalRecovery.Completed => "recovered an interrupted run: completed",
                    _ => "an interrupted run is pending: the next apply recovers it first",
                });
            }

            var verb = dryRun ? "dry run of" : result.Succeeded ? "applied" : "refused";
            console.Out.WriteLine($"{verb} {plan.From} -> {plan.To} at {root}");
            foreach (var step in result.Steps)
            {
                console.Out.WriteLine($"  {step.Index + 1}. {step.Step.Kind,-18} {StatusName(step.Status),-15} {step.Detail}");
            }

            foreach (var conflict in result.Conflicts)
            {
                console.Out.WriteLine($"  conflict: {conflict}");
            }

            if (result.Steps.IsEmpty && result.Conflicts.IsEmpty)
            {
                console.Out.WriteLine("  (no repository work)");
            }
        }
    }

    private static void PrintJson(CliConsole console, string root, bool dryRun, List<(RepositoryPlan Plan, PlanExecutionResult Result)> results)
    {
        CliJson.Write(console.Out, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("root", root);
            writer.WriteBoolean("dryRun", dryRun);
            writer.WriteStartArray("plans");
            foreach (var (plan, result) in results)
            {
                writer.WriteStartObject();
                writer.WriteString("from", plan.From.ToString());
                writer.WriteString("to", plan.To.ToString());
                writer.WriteString("recovery", RecoveryName(result.Recovery));
                writer.WriteBoolean("succeeded", result.Succeeded);
                writer.WriteBoolean("changed", result.Changed);
                writer.WriteStartArray("steps");
                foreach (var step in result.Steps)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("step", step.Index + 1);
                    writer.WriteString("kind", step.Step.Kind);
                    writer.WriteString("status", StatusName(step.Status));
                    writer.WriteString("detail", step.Detail);
                    writer.WriteStartArray("paths");
                    foreach (var path in step.Paths)
                    {
                        writer.WriteStringValue(path);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("conflicts");
                foreach (var conflict in result.Conflicts)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("step", conflict.StepIndex + 1);
                    writer.WriteString("path", conflict.Path.Value);
                    writer.WriteString("reason", conflict.Reason);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static string StatusName(PlanStepStatus status) => status switch
    {
        PlanStepStatus.Applied => "applied",
        PlanStepStatus.AlreadyApplied => "already-applied",
        PlanStepStatus.Delegated => "delegated",
        PlanStepStatus.WouldApply => "would-apply",
        _ => "would-delegate",
    };

    private static string RecoveryName(JournalRecovery recovery) => recovery switch
    {
        JournalRecovery.None => "none",
        JournalRecovery.RolledBack => "rolled-back",
        JournalRecovery.Completed => "completed",
        _ => "pending",
    };
}
