using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.IO;
using SwRel.Metadata.Checksums;
using SwRel.Metadata.Releases;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Transports;

namespace SwRel.Pipeline;

/// <summary>
/// The repository work of the pipeline over the real parts: reads the ticket's release.xml (and,
/// when the plan verifies, its checksum manifest), plans with the <see cref="RepositoryPlanner"/>,
/// and applies the plan to <see cref="ProvisioningOptions.RepositoryRoot"/> with the
/// <see cref="PlanExecutor"/>, fetching through the transports and verifying with the
/// <see cref="ChecksumVerifier"/>.
/// </summary>
/// <remarks>
/// <para>
/// The release.xml attachment is read on every transition, not only on Submitted → Unverified:
/// the planner needs it for every path, and the ticket system keeps it frozen once the ticket left
/// Submitted (SPEC §3). The checksum manifest attachment (<see cref="ProvisioningOptions.ChecksumManifestAttachment"/>)
/// is read when the plan has a verify step; without one, the manifest the plan names inside the
/// fetched tree is used.
/// </para>
/// <para>
/// Idempotent: the executor's journal makes an interrupted run roll back or finish, and an
/// applied plan applied again changes nothing. Thread-safe: runs in this process are serialised
/// (the executor allows one run per repository root); a run of another process on the same root
/// makes <see cref="RunAsync"/> throw <see cref="RepositoryBusyException"/>, and the request is retried.
/// </para>
/// </remarks>
public sealed class RepositoryActions : IRepositoryActions
{
    private const int MaxErrorsShown = 10;

    private readonly ProvisioningOptions _options;
    private readonly ImmutableArray<string> _refreshIndexArguments;
    private readonly RepositoryPlanner _planner;
    private readonly TransportFactory _transports;
    private readonly ChecksumVerifier _verifier;
    private readonly SemaphoreSlim _oneRun = new(1, 1);

    /// <summary>Creates the repository work.</summary>
    /// <param name="options">The pipeline's settings; <see cref="ProvisioningOptions.RepositoryRoot"/> is required.</param>
    /// <param name="planner">The planner (its layout decides every path).</param>
    /// <param name="transports">The transports for fetch steps.</param>
    /// <param name="verifier">The checksum verifier; a default one when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> are not valid; the message names each wrong setting.</exception>
    public RepositoryActions(IOptions<ProvisioningOptions> options, RepositoryPlanner planner, TransportFactory transports, ChecksumVerifier? verifier = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(transports);
        var errors = ProvisioningOptionsValidator.Check(options.Value);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ProvisioningOptions), errors);
        }

        _options = options.Value;
        _refreshIndexArguments = [.. _options.RefreshIndexArguments];
        _planner = planner;
        _transports = transports;
        _verifier = verifier ?? new ChecksumVerifier();
    }

    /// <inheritdoc/>
    public async ValueTask<RepositoryActionResult> RunAsync(RepositoryActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ticket = context.Ticket;
        var request = await PlanRequestAsync(context, cancellationToken).ConfigureAwait(false);
        RepositoryPlan plan;
        try
        {
            plan = _planner.Plan(request);
        }
        catch (RepositoryPlanningException e)
        {
            throw new RepositoryActionException(e.Message, e);
        }

        if (plan.IsEmpty)
        {
            return new RepositoryActionResult(plan, null);
        }

        ChecksumManifest? manifest = null;
        if (plan.Steps.Any(s => s is VerifyStep))
        {
            manifest = await ReadManifestAsync(context, cancellationToken).ConfigureAwait(false);
        }

        if (await AlreadyPublishedAsync(plan, manifest, cancellationToken).ConfigureAwait(false))
        {
            return new RepositoryActionResult(plan, plan.Steps.OfType<SetRepositoryUrlStep>().LastOrDefault()?.Path);
        }

        var handler = new ReleaseStepHandler(
            _transports,
            new ReleaseStepHandlerOptions
            {
                Manifest = manifest,
                RefreshIndexCommand = _options.RefreshIndexCommand,
                RefreshIndexArguments = _refreshIndexArguments,
                Publication = _options.Publication,
                SkipRefreshIndexWithoutCommand = true,
                SetRepositoryUrl = static (step, _) => ValueTask.FromResult($"RepositoryURL {step.Path} is set on the ticket after the run"),
            },
            _verifier);
        var executor = new PlanExecutor(new PlanExecutorOptions { StepHandler = handler });
        Directory.CreateDirectory(_options.RepositoryRoot);
        PlanExecutionResult result;
        await _oneRun.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            result = await executor.ApplyAsync(plan, _options.RepositoryRoot, cancellationToken).ConfigureAwait(false);
        }
        catch (RepositoryLockedException e)
        {
            throw new RepositoryBusyException($"Ticket #{ticket.Id}: {e.Message}", e);
        }
        catch (PlanExecutionException e) when (e.InnerException is RepositoryActionException inner)
        {
            throw new RepositoryActionException($"{inner.Message} Nothing was changed in the repository.", e);
        }
        finally
        {
            _oneRun.Release();
        }

        if (!result.Succeeded)
        {
            throw new RepositoryActionException(
                "The plan conflicts with the repository, so nothing was changed: " + string.Join("; ", result.Conflicts.Take(MaxErrorsShown)) + ".");
        }

        var url = plan.Steps.OfType<SetRepositoryUrlStep>().LastOrDefault()?.Path;
        return new RepositoryActionResult(plan, url);
    }

    private async ValueTask<bool> AlreadyPublishedAsync(RepositoryPlan plan, ChecksumManifest? manifest, CancellationToken cancellationToken)
    {
        // An intake that committed before a crash would fetch again and then find its own
        // publication in the way. The published folder holding exactly the ticket's files means
        // the intake is done; anything else is left to the executor (a conflict if it differs).
        if (manifest is null || plan.Steps.OfType<PublishStep>().LastOrDefault() is not { } publish)
        {
            return false;
        }

        if (!Directory.Exists(_options.RepositoryRoot))
        {
            return false;
        }

        using var root = ConfinedRoot.Open(_options.RepositoryRoot);
        using var published = TryOpenDirectory(root, publish.Destination);
        if (published is null)
        {
            return false;
        }

        var report = await _verifier.VerifyAsync(manifest, published.PinnedPath, progress: null, cancellationToken).ConfigureAwait(false);
        return report.AllOk;
    }

    /// <summary>Opens a folder below the root, or gives <see langword="null"/> when it is missing or reached through a link (which the executor then refuses by name).</summary>
    private static ConfinedRoot? TryOpenDirectory(ConfinedRoot root, RepositoryPath path)
    {
        try
        {
            return root.OpenDirectory(path.Value);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async ValueTask<RepositoryPlanRequest> PlanRequestAsync(RepositoryActionContext context, CancellationToken cancellationToken)
    {
        var ticket = context.Ticket;
        if (!MajorRelease.TryParse(ticket.Field(TicketFieldNames.AssociatedMajorRelease), out var major, out var majorError))
        {
            throw new RepositoryActionException(majorError);
        }

        var protocolText = ticket.Field(TicketFieldNames.SyncProtocol) ?? "rsync";
        if (!SyncProtocolText.TryParse(protocolText.Trim(), out var protocol))
        {
            throw new RepositoryActionException($"SyncProtocol '{protocolText}' is not one of rsync, http, https, ftp, file.");
        }

        ReleaseType? releaseType = null;
        if (ticket.Field(TicketFieldNames.ReleaseType) is { } typeText)
        {
            releaseType = ReleaseTypeText.TryParse(typeText.Trim(), out var parsed)
                ? parsed
                : throw new RepositoryActionException($"ReleaseType '{typeText}' is not Incremental or NonIncremental.");
        }

        var descriptor = await ReadDescriptorAsync(context, cancellationToken).ConfigureAwait(false);
        return new RepositoryPlanRequest
        {
            From = context.From,
            To = context.To,
            Descriptor = descriptor,
            MajorRelease = major,
            TicketId = ticket.Id,
            ReleaseType = releaseType,
            SyncProtocol = protocol,
            SyncUrl = ticket.Field(TicketFieldNames.SyncUrl),
            ChecksumManifest = _options.ChecksumManifestAttachment,
            FailedTransition = ticket.FailedTransition is { } failed ? new TransitionPair(failed.From, failed.To) : null,
        };
    }

    private async ValueTask<ReleaseDescriptor> ReadDescriptorAsync(RepositoryActionContext context, CancellationToken cancellationToken)
    {
        var name = _options.ReleaseDescriptorAttachment;
        using var content = (await ReadAttachmentAsync(context, name, required: true, cancellationToken).ConfigureAwait(false))!;
        var read = await ReleaseDescriptorReader.ReadAsync(content, ReleaseReaderOptions.Default, cancellationToken).ConfigureAwait(false);
        if (read.IsValid && read.Descriptor is { } descriptor)
        {
            return descriptor;
        }

        var errors = read.Errors.Where(e => e.Severity == ReleaseMetadataSeverity.Error).ToArray();
        throw new RepositoryActionException(
            $"The attachment {name} is not a valid release descriptor: "
            + string.Join("; ", errors.Take(MaxErrorsShown).Select(e => $"{name}:{e.Line}:{e.Column}: {e.Message}"))
            + (errors.Length > MaxErrorsShown ? $"; and {errors.Length - MaxErrorsShown} more" : "")
            + ".");
    }

    private async ValueTask<ChecksumManifest?> ReadManifestAsync(RepositoryActionContext context, CancellationToken cancellationToken)
    {
        var name = _options.ChecksumManifestAttachment;
        using var content = await ReadAttachmentAsync(context, name, required: false, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return null;
        }

        var read = ChecksumManifestReader.Read(content);
        return read.Succeeded
            ? read.Manifest
            : throw new RepositoryActionException(
                $"The attachment {name} is not a valid checksum manifest: {string.Join("; ", read.Errors.Take(MaxErrorsShown).Select(e => $"{name}:{e}"))}.");
    }

    private async ValueTask<MemoryStream?> ReadAttachmentAsync(RepositoryActionContext context, string name, bool required, CancellationToken cancellationToken)
    {
        var stream = await context.Gateway.OpenAttachmentAsync(context.Ticket.Id, name, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return required ? throw new RepositoryActionException($"The ticket has no attachment named {name}.") : null;
        }

        await using (stream.ConfigureAwait(false))
        {
            var limit = _options.MaxAttachmentBytes;
            return await CappedStream.ReadAsync(
                stream,
                limit,
                () => new RepositoryActionException($"The attachment {name} is larger than {limit} bytes."),
                cancellationToken).ConfigureAwait(false);
        }
    }
}
