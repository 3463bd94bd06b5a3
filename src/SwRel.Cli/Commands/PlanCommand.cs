using System.CommandLine;
using System.Text.Json;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Checksums;
using SwRel.Metadata.Releases;
using SwRel.Repository.Layout;
using SwRel.Repository.Planning;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>swrel plan FILE... --major-release NAME --transition FROM:TO</c>: prints the repository plan of each release.xml
/// for one transition (SPEC §11, §13).
/// </summary>
internal static class PlanCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="console">The streams to use.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "release.xml files (either dialect).",
            Arity = ArgumentArity.OneOrMore,
        };
        var majorRelease = new Option<string>("--major-release", "-m")
        {
            Description = "The ticket's AssociatedMajorRelease, for example umd-4.",
            Required = true,
        };
        var transition = new Option<string>("--transition", "-t")
        {
            Description = "The RolloutProgress transition FROM:TO, for example StageRollout:Production.",
            Required = true,
        };
        var releaseType = new Option<string?>("--release-type")
        {
            Description = "Incremental or NonIncremental; overrides the descriptor's 'incremental' (NRMS descriptors: default NonIncremental).",
        };
        var failedTransition = new Option<string?>("--failed-transition")
        {
            Description = "For transitions out of Failed: the transition FROM:TO whose repository action failed.",
        };
        var syncUrl = new Option<string?>("--sync-url")
        {
            Description = "The ticket's SyncURL (default: the descriptor's synchURL). Its scheme (rsync://, https://, file:///...) chooses the transport.",
        };
        var syncProtocol = new Option<string?>("--sync-protocol")
        {
            Description = "The ticket's SyncProtocol: rsync, http, https, ftp or file, for a SyncURL without a scheme such as host::module/path (default: the descriptor's, else rsync).",
        };
        var ticket = new Option<int?>("--ticket")
        {
            Description = "The ticket id.",
        };
        var manifest = new Option<string>("--manifest")
        {
            Description = "The checksum manifest, relative to the release root.",
            DefaultValueFactory = _ => RepositoryPlanRequest.DefaultChecksumManifest,
        };
        var preset = new Option<string?>("--preset")
        {
            Description = "The layout preset: EgiRepository (default) or Nrms2010.",
        };
        var layoutConfig = new Option<string?>("--layout-config")
        {
            Description = "Layout options as JSON (templates, per-major-release overrides; see docs/layouts.md); --preset, when given, replaces its preset.",
            HelpName = "FILE",
        };
        var checksums = ChecksumsOption.Create("a fetch package by package is refused when it does not list every package.");
        var format = CommonOptions.Format();

        var command = new Command("plan", "Print the repository plan of each release for one RolloutProgress transition.");
        command.Arguments.Add(files);
        command.Options.Add(majorRelease);
        command.Options.Add(transition);
        command.Options.Add(releaseType);
        command.Options.Add(failedTransition);
        command.Options.Add(syncUrl);
        command.Options.Add(syncProtocol);
        command.Options.Add(ticket);
        command.Options.Add(manifest);
        command.Options.Add(preset);
        command.Options.Add(layoutConfig);
        command.Options.Add(checksums);
        command.Options.Add(format);
        command.SetAction(parseResult =>
        {
            var settings = Checked(new Settings(
                ParseMajorRelease(parseResult.GetValue(majorRelease)!),
                ParseTransition(parseResult.GetValue(transition)!, "--transition"),
                ParseReleaseType(parseResult.GetValue(releaseType)),
                parseResult.GetValue(failedTransition) is { } failed ? ParseTransition(failed, "--failed-transition") : null,
                parseResult.GetValue(syncUrl),
                ParseProtocol(parseResult.GetValue(syncProtocol), "--sync-protocol"),
                parseResult.GetValue(ticket) is { } id ? (id > 0 ? id : throw new UsageException($"--ticket must be a positive number, not {id}.")) : null,
                parseResult.GetValue(manifest)!));
            ChecksumManifest? manifestGiven = null;
            if (parseResult.GetValue(checksums) is { } checksumsFile && (manifestGiven = ChecksumsOption.Read(console, checksumsFile)) is null)
            {
                return ExitCodes.Invalid;
            }

            settings = settings with { Checksums = manifestGiven };
            var layoutOptions = parseResult.GetValue(layoutConfig) is { } configFile ? LayoutConfigFile.Read(configFile) : new RepositoryLayoutOptions();
            if (parseResult.GetValue(preset) is { } presetName)
            {
                layoutOptions.Preset = ParsePreset(presetName);
            }

            var planner = new RepositoryPlanner(new RepositoryLayout(layoutOptions));
            return Run(console, planner, parseResult.GetValue(files)!, settings, parseResult.GetValue(format));
        });
        return command;
    }

    private static int Run(CliConsole console, RepositoryPlanner planner, string[] files, Settings settings, OutputFormat format)
    {
        var plans = new List<(string File, RepositoryPlan Plan)>(files.Length);
        var failed = false;
        foreach (var file in files)
        {
            if (TryPlan(console, planner, file, settings) is { } plan)
            {
                plans.Add((file, plan));
            }
            else
            {
                failed = true;
            }
        }

        // Only complete documents reach standard output: the plans that could be made, errors on standard error.
        if (format == OutputFormat.Json)
        {
            WriteJson(console, plans);
        }
        else
        {
            WriteText(console, plans);
        }

        return failed ? ExitCodes.Invalid : ExitCodes.Ok;
    }

    private static RepositoryPlan? TryPlan(CliConsole console, RepositoryPlanner planner, string file, Settings settings)
    {
        ReleaseReadResult read;
        try
        {
            read = ReleaseDescriptorReader.ReadFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            console.Error.WriteLine($"{file}: cannot read: {e.Message}");
            return null;
        }

        if (!read.IsValid)
        {
            foreach (var error in read.Errors)
            {
                if (error.Severity == ReleaseMetadataSeverity.Error)
                {
                    console.Error.WriteLine($"{file}:{error.Line}:{error.Column}: {error.Message}");
                }
            }

            return null;
        }

        var descriptor = read.Descriptor;
        if (ProtocolMismatch(settings.SyncProtocol, settings.SyncUrl ?? descriptor.SynchUrl) is { } mismatch)
        {
            console.Error.WriteLine($"{file}: {mismatch}");
            return null;
        }

        var request = new RepositoryPlanRequest
        {
            From = settings.Transition.From,
            To = settings.Transition.To,
            Descriptor = descriptor,
            MajorRelease = settings.MajorRelease,
            TicketId = settings.TicketId,
            ReleaseType = settings.ReleaseType,
            SyncProtocol = settings.SyncProtocol ?? DescriptorProtocol(descriptor) ?? SyncProtocol.Rsync,
            SyncUrl = settings.SyncUrl ?? descriptor.SynchUrl,
            ChecksumManifest = settings.Manifest,
            FailedTransition = settings.FailedTransition,
        };
        RepositoryPlan plan;
        try
        {
            plan = planner.Plan(request);
        }
        catch (RepositoryPlanningException e)
        {
            console.Error.WriteLine(FlagHint(e.RequestProperty) is { } hint ? $"{file}: {e.Message} {hint}" : $"{file}: {e.Message}");
            return null;
        }

        return Unlisted(plan, settings.Checksums) is { Length: > 0 } unlisted
            ? Refuse(console, $"{file}: --checksums does not list {string.Join(", ", unlisted)}; a package it does not list would be published unchecked.")
            : plan;
    }

    private static string[] Unlisted(RepositoryPlan plan, ChecksumManifest? manifest)
    {
        if (manifest is null)
        {
            return [];
        }

        var listed = manifest.Entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        return [.. plan.Steps.OfType<FetchStep>().SelectMany(f => f.Packages).Select(p => p.FileName).Where(name => !listed.Contains(name))];
    }

    private static RepositoryPlan? Refuse(CliConsole console, string message)
    {
        console.Error.WriteLine(message);
        return null;
    }

    /// <summary>Names the flag that sets a <see cref="RepositoryPlanRequest"/> property, so that an error says what fixes it.</summary>
    private static string? FlagHint(string? requestProperty) => requestProperty switch
    {
        nameof(RepositoryPlanRequest.SyncUrl) => "Give it with --sync-url URL.",
        nameof(RepositoryPlanRequest.FailedTransition) => "Give the failed transition with --failed-transition FROM:TO.",
        nameof(RepositoryPlanRequest.ChecksumManifest) => "Give another with --manifest PATH.",
        nameof(RepositoryPlanRequest.TicketId) => "Give it with --ticket N.",
        nameof(RepositoryPlanRequest.From) or nameof(RepositoryPlanRequest.To) => "Check --transition.",
        _ => null,
    };

    /// <summary>Refuses a --sync-url whose scheme contradicts --sync-protocol before any file is read.</summary>
    private static Settings Checked(Settings settings) =>
        settings.SyncUrl is not null && ProtocolMismatch(settings.SyncProtocol, settings.SyncUrl) is { } mismatch
            ? throw new UsageException(mismatch)
            : settings;

    // The planner lets a URL's scheme choose the transport; a SyncProtocol given as well must agree with it.
    private static string? ProtocolMismatch(SyncProtocol? flag, string? url) =>
        flag is { } protocol && SyncProtocolText.TryParseScheme(url?.Trim(), out var scheme) && scheme != protocol
            ? $"--sync-protocol {protocol.ToName()} does not match the SyncURL '{url}', whose scheme is {scheme.ToName()}; leave --sync-protocol out or give a matching --sync-url."
            : null;

    private static void WriteText(CliConsole console, List<(string File, RepositoryPlan Plan)> plans)
    {
        var first = true;
        foreach (var (file, plan) in plans)
        {
            if (!first)
            {
                console.Out.WriteLine();
            }

            first = false;
            console.Out.WriteLine($"{file}:");
            console.Out.Write(RepositoryPlanText.ToText(plan).Replace("\n", Environment.NewLine, StringComparison.Ordinal));
        }
    }

    private static void WriteJson(CliConsole console, List<(string File, RepositoryPlan Plan)> plans)
    {
        CliJson.Write(console.Out, writer =>
        {
            writer.WriteStartArray();
            foreach (var (file, plan) in plans)
            {
                writer.WriteStartObject();
                writer.WriteString("file", file);
                RepositoryPlanJson.WriteProperties(writer, plan);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    private static MajorRelease ParseMajorRelease(string text) =>
        MajorRelease.TryParse(text, out var release, out var error) ? release : throw new UsageException($"--major-release: {error}");

    private static TransitionPair ParseTransition(string text, string option)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new UsageException($"{option} '{text}' must be FROM:TO, for example StageRollout:Production.");
        }

        var from = text[..colon];
        var to = text[(colon + 1)..];
        if (!RolloutProgressText.TryParse(from, out var fromState))
        {
            throw new UsageException($"{option} '{text}': {RolloutProgressText.UnknownStateMessage(from)}");
        }

        if (!RolloutProgressText.TryParse(to, out var toState))
        {
            throw new UsageException($"{option} '{text}': {RolloutProgressText.UnknownStateMessage(to)}");
        }

        return new TransitionPair(fromState, toState);
    }

    private static ReleaseType? ParseReleaseType(string? text) => text switch
    {
        null => null,
        _ when ReleaseTypeText.TryParse(text, out var releaseType) => releaseType,
        _ => throw new UsageException($"--release-type '{text}' must be Incremental or NonIncremental."),
    };

    private static RepositoryLayoutPreset ParsePreset(string? text) => text switch
    {
        null => RepositoryLayoutPreset.EgiRepository,
        _ when text.Equals("EgiRepository", StringComparison.OrdinalIgnoreCase) => RepositoryLayoutPreset.EgiRepository,
        _ when text.Equals("Nrms2010", StringComparison.OrdinalIgnoreCase) => RepositoryLayoutPreset.Nrms2010,
        _ => throw new UsageException($"--preset '{text}' must be EgiRepository or Nrms2010."),
    };

    private static SyncProtocol? ParseProtocol(string? text, string option) =>
        text is null ? null : ProtocolOf(text) ?? throw new UsageException($"{option} '{text}' must be rsync, http, https, ftp or file.");

    private static SyncProtocol? DescriptorProtocol(ReleaseDescriptor descriptor) => ProtocolOf(descriptor.SynchProtocol);

    private static SyncProtocol? ProtocolOf(string text) =>
        SyncProtocolText.TryParse(text.Trim(), out var protocol) ? protocol : null;

    private sealed record Settings(
        MajorRelease MajorRelease,
        TransitionPair Transition,
        ReleaseType? ReleaseType,
        TransitionPair? FailedTransition,
        string? SyncUrl,
        SyncProtocol? SyncProtocol,
        int? TicketId,
        string Manifest)
    {
        /// <summary>The <c>--checksums</c> manifest, when given.</summary>
        public ChecksumManifest? Checksums { get; init; }
    }
}
