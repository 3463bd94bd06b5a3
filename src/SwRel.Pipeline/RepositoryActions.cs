using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.IO;
using SwRel.Metadata.Checksums;
using SwRel.Metadata.Releases;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Publication;
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
    private readonly IReleaseCatalogue? _catalogue;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _oneRun = new(1, 1);

    /// <summary>Creates the repository work.</summary>
    /// <param name="options">The pipeline's settings; <see cref="ProvisioningOptions.RepositoryRoot"/> is required.</param>
    /// <param name="planner">The planner (its layout decides every path).</param>
    /// <param name="transports">The transports for fetch steps.</param>
    /// <param name="verifier">The checksum verifier; a default one when <see langword="null"/>.</param>
    /// <remarks>The options are validated at start where <see cref="PipelineServiceCollectionExtensions.AddSwRelPipeline"/> registers them.</remarks>
    public RepositoryActions(IOptions<ProvisioningOptions> options, RepositoryPlanner planner, TransportFactory transports, ChecksumVerifier? verifier = null)
        : this(options, planner, transports, verifier, catalogue: null, timeProvider: null)
    {
    }

    /// <summary>Creates the repository work that also keeps a release catalogue up to date.</summary>
    /// <param name="options">The pipeline's settings; <see cref="ProvisioningOptions.RepositoryRoot"/> is required.</param>
    /// <param name="planner">The planner (its layout decides every path).</param>
    /// <param name="transports">The transports for fetch steps.</param>
    /// <param name="verifier">The checksum verifier; a default one when <see langword="null"/>.</param>
    /// <param name="catalogue">Told where each release is after every action that changed the repository; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that stamps catalogue entries; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <remarks>The options are validated at start where <see cref="PipelineServiceCollectionExtensions.AddSwRelPipeline"/> registers them.</remarks>
    public RepositoryActions(
        IOptions<ProvisioningOptions> options,
        RepositoryPlanner planner,
        TransportFactory transports,
        ChecksumVerifier? verifier,
        IReleaseCatalogue? catalogue,
        TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(transports);
        _options = options.Value;
        _refreshIndexArguments = [.. _options.RefreshIndexArguments];
        _planner = planner;
        _transports = transports;
        _verifier = verifier ?? new ChecksumVerifier();
        _catalogue = catalogue;
        _time = timeProvider ?? TimeProvider.System;
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
            return new RepositoryActionResult { Plan = plan, RepositoryUrl = null };
        }

        ChecksumManifest? manifest = null;
        if (plan.Steps.Any(s => s is VerifyStep))
        {
            manifest = await ReadManifestAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var handler = new ReleaseStepHandler(
            _transports,
            new ReleaseStepHandlerOptions
            {
                Manifest = manifest,
                RefreshIndexCommand = _options.RefreshIndexCommand,
                RefreshIndexArguments = _refreshIndexArguments,
                Publication = _options.Publication,
                FreeSpaceMargin = _options.FreeSpaceMargin,
                SkipRefreshIndexWithoutCommand = true,
                SetRepositoryUrl = static (step, _) => ValueTask.FromResult($"RepositoryURL {step.Path} is set on the ticket after the run"),
            },
            _verifier);
        var executor = new PlanExecutor(handler);
        Directory.CreateDirectory(_options.RepositoryRoot);
        PlanExecutionResult? result;
        await _oneRun.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Null when the intake is found done: nothing to apply.
            result = await AlreadyPublishedAsync(executor, plan, manifest, cancellationToken).ConfigureAwait(false)
                ? null
                : await executor.ApplyAsync(plan, _options.RepositoryRoot, cancellationToken).ConfigureAwait(false);
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

        if (result is { Succeeded: false })
        {
            throw new RepositoryActionException(
                "The plan conflicts with the repository, so nothing was changed: " + string.Join("; ", result.Conflicts.Take(MaxErrorsShown)) + ".");
        }

        await CatalogueAsync(request, plan, manifest, cancellationToken).ConfigureAwait(false);
        var url = plan.Steps.OfType<SetRepositoryUrlStep>().LastOrDefault()?.Path;
        return new RepositoryActionResult { Plan = plan, RepositoryUrl = url };
    }

    private async ValueTask CatalogueAsync(RepositoryPlanRequest request, RepositoryPlan plan, ChecksumManifest? manifest, CancellationToken cancellationToken)
    {
        if (_catalogue is null)
        {
            return;
        }

        var descriptor = request.Descriptor;
        var product = descriptor.ProductShortName;
        var version = string.Create(CultureInfo.InvariantCulture, $"{descriptor.MajorVersion}.{descriptor.MinorVersion}.{descriptor.RevisionVersion}");
        try
        {
            if (plan.Target is { } target && RepositoryPlanner.AreaOf(plan.To) is { } area)
            {
                await _catalogue.RecordAsync(
                    new ReleaseCatalogueEntry
                    {
                        TicketId = request.TicketId,
                        Product = product,
                        Version = version,
                        MajorRelease = request.MajorRelease.Name,
                        Area = area,
                        Path = target.Value,
                        ChecksumsVerified = manifest is not null && plan.Steps.Any(s => s is VerifyStep),
                        RecordedAtUtc = _time.GetUtcNow(),
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            else if (plan.Target is null)
            {
                await _catalogue.RemoveAsync(request.MajorRelease.Name, product, version, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // The repository already changed; failing the ticket would undo nothing. Retrying the request finds the work
            // done (the plan is idempotent) and writes the catalogue again.
            throw new RepositoryBusyException(
                $"Ticket #{request.TicketId}: the repository work is done but the release catalogue could not be written ({e.Message}); the request is retried.",
                e);
        }
    }

    private async ValueTask<bool> AlreadyPublishedAsync(PlanExecutor executor, RepositoryPlan plan, ChecksumManifest? manifest, CancellationToken cancellationToken)
    {
        // An intake that committed before a crash would fetch again and then find its own
        // publication in the way. The published folder holding exactly the ticket's files (or the
        // packages SwRel signed from them) means the intake is done; anything else is left to the
        // executor (a conflict if it differs). A publication in place may also be that of a run killed before it
        // committed, which the executor's next run (perhaps another ticket's) rolls back: such a run is recovered first,
        // so that what is found here stays.
        if (manifest is null || plan.Steps.OfType<PublishStep>().LastOrDefault() is not { } publish)
        {
            return false;
        }

        await executor.RecoverAsync(_options.RepositoryRoot, cancellationToken).ConfigureAwait(false);

        try
        {
            return await PublishedRelease.HoldsAsync(_options.RepositoryRoot, publish.Destination, manifest, _verifier, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Reached through a link, or unreadable: the executor refuses it by name.
            return false;
        }
    }

    private async ValueTask<RepositoryPlanRequest> PlanRequestAsync(RepositoryActionContext context, CancellationToken cancellationToken)
    {
        var ticket = context.Ticket;
        if (!ticket.Problems.IsEmpty || ticket.AssociatedMajorRelease is not { } major)
        {
            throw new RepositoryActionException(string.Join(" ", ticket.Problems));
        }

        var descriptor = await ReadDescriptorAsync(context, cancellationToken).ConfigureAwait(false);
        return new RepositoryPlanRequest
        {
            From = context.From,
            To = context.To,
            Descriptor = descriptor,
            MajorRelease = major,
            TicketId = ticket.Id,
            ReleaseType = ticket.ReleaseType,
            SyncProtocol = ticket.SyncProtocol,
            SyncUrl = ticket.SyncUrl,
            ChecksumManifest = _options.ChecksumManifestAttachment,
            FailedTransition = ticket.LastFailedTransition is { } failed ? new TransitionPair(failed.From, failed.To) : null,
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
