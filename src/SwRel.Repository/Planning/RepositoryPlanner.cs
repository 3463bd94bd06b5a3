using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Repository.Layout;

namespace SwRel.Repository.Planning;

/// <summary>
/// Turns (transition, descriptor, ticket fields) into the ordered <see cref="RepositoryPlan"/> that carries the
/// release between repository areas (SPEC §11).
/// </summary>
/// <remarks>
/// <para>
/// Where a release is follows from its state: nowhere while Submitted; in the unverified area from Unverified through
/// InVerification, WaitingForResponse and Deferred; in the stage-rollout area in StageRollout; merged into the
/// production folder in Production; nowhere once Rejected, Ignored or NotPublished. A plan moves the release from the
/// source state's area to the target state's area:
/// </para>
/// <list type="bullet">
/// <item>nowhere → unverified (Submitted → Unverified): fetch into scratch, verify, publish, refresh the index (every area a release enters is a repository), write the repo file, set RepositoryURL, clean scratch;</item>
/// <item>unverified → stage-rollout: promote (new folder), refresh its index, write the repo file for its new place, set RepositoryURL, remove the unverified copy;</item>
/// <item>unverified or stage-rollout → production: promote with merge, leaving out the release's repo file folder and
/// provider index (<see cref="RepositoryLayout.MergeExclusions"/>) and a checksum manifest at the release root, refresh
/// the index, set RepositoryURL, remove the source copy;</item>
/// <item>an area → nowhere (Rejected, Ignored, NotPublished): remove the release from that area;</item>
/// <item>same area (for example Unverified → InVerification, Submitted → Rejected): an empty plan.</item>
/// </list>
/// <para>
/// Failed: entering Failed (row 20) is an empty plan. Leaving it needs the failed transition (from, to): a revert
/// (row 21, back to its from) is an empty plan, because the executor already rolled the repository back; a retry (row
/// 22, on to its to) replans the failed transition itself; Failed → Rejected (row 23) removes the release from the
/// areas of both ends of the failed transition (never from production, which is shared) and cleans the scratch folder
/// after a failed intake; without a recorded failed transition it removes it from unverified and stage-rollout and
/// cleans scratch (removing an absent folder is not an error).
/// </para>
/// <para>Transitions not in the table are refused. Planning is pure (no disk, no clock) and thread-safe.</para>
/// </remarks>
public sealed class RepositoryPlanner
{
    /// <summary>Builds a planner over the default layout (the EgiRepository preset).</summary>
    public RepositoryPlanner()
        : this(new RepositoryLayout())
    {
    }

    /// <summary>Builds a planner over a layout.</summary>
    /// <param name="layout">The layout.</param>
    /// <exception cref="ArgumentNullException"><paramref name="layout"/> is <see langword="null"/>.</exception>
    public RepositoryPlanner(RepositoryLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
    }

    /// <summary>Gets the layout the planner computes paths with.</summary>
    public RepositoryLayout Layout { get; }

    /// <summary>Returns the area a release is in while its ticket is in <paramref name="state"/>.</summary>
    /// <param name="state">A RolloutProgress state.</param>
    /// <returns>The area, or <see langword="null"/> when the release is in no area (Submitted, Rejected, Ignored, NotPublished) or it depends on the failure (Failed).</returns>
    public static RepositoryArea? AreaOf(RolloutProgress state) => state switch
    {
        RolloutProgress.Unverified or RolloutProgress.InVerification or RolloutProgress.WaitingForResponse or RolloutProgress.Deferred
            => RepositoryArea.Unverified,
        RolloutProgress.StageRollout => RepositoryArea.StageRollout,
        RolloutProgress.Production => RepositoryArea.Production,
        _ => null,
    };

    /// <summary>Plans one transition of one release.</summary>
    /// <param name="request">The transition, descriptor and ticket fields.</param>
    /// <returns>The plan; its steps are empty when the transition needs no repository work.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its descriptor or major release is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryPlanningException">
    /// The transition is not in the table, a Failed transition lacks the failed transition, a ticket field the plan
    /// needs is missing (SyncURL for a fetch) or the descriptor cannot be laid out; the message says which.
    /// </exception>
    public RepositoryPlan Plan(RepositoryPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Descriptor);
        ArgumentNullException.ThrowIfNull(request.MajorRelease);
        var (from, to) = (request.From, request.To);
        if (from == to)
        {
            throw new RepositoryPlanningException($"{from.ToName()} → {to.ToName()} is not a transition.", nameof(RepositoryPlanRequest.To));
        }

        var placement = Layout.Place(request.Descriptor, request.MajorRelease, request.ReleaseType, request.TicketId);
        if (to == RolloutProgress.Failed)
        {
            // Row 20: the executor rolled the failed action back, so the release is where the failed transition started.
            var failedTarget = request.FailedTransition is { } failedBefore ? PathOrNull(AreaOf(failedBefore.From), placement) : null;
            return new RepositoryPlan(from, to, failedTarget, []);
        }

        if (from == RolloutProgress.Failed)
        {
            return PlanLeavingFailed(request, placement);
        }

        if (!IsTableTransition(from, to))
        {
            throw new RepositoryPlanningException(
                $"{from.ToName()} → {to.ToName()} is not in the transition table, so it has no repository plan.",
                nameof(RepositoryPlanRequest.To));
        }

        return PlanMove(from, to, request, placement);
    }

    /// <summary>Tries to plan one transition of one release.</summary>
    /// <param name="request">The transition, descriptor and ticket fields.</param>
    /// <param name="plan">The plan, when it could be made.</param>
    /// <param name="error">Why not, when it could not.</param>
    /// <returns><see langword="true"/> when a plan was made.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its descriptor or major release is <see langword="null"/>.</exception>
    public bool TryPlan(RepositoryPlanRequest request, [NotNullWhen(true)] out RepositoryPlan? plan, [NotNullWhen(false)] out string? error)
    {
        try
        {
            plan = Plan(request);
            error = null;
            return true;
        }
        catch (RepositoryPlanningException e)
        {
            plan = null;
            error = e.Message;
            return false;
        }
    }

    private static bool IsTableTransition(RolloutProgress from, RolloutProgress to)
    {
        foreach (var _ in TransitionTable.FixedRulesBetween(from, to))
        {
            return true;
        }

        return false;
    }

    private RepositoryPlan PlanLeavingFailed(RepositoryPlanRequest request, ReleasePlacement placement)
    {
        var to = request.To;
        if (request.FailedTransition is not { } failed)
        {
            if (to != RolloutProgress.Rejected)
            {
                throw new RepositoryPlanningException(
                    $"Failed → {to.ToName()} is a revert or a retry; planning it needs the failed transition (from, to).",
                    nameof(RepositoryPlanRequest.FailedTransition));
            }

            // Row 23 without a record of the failure: clear every place the release may be in (absent is not an error).
            return new RepositoryPlan(RolloutProgress.Failed, to, null,
            [
                new RemoveStep(Layout.PathOf(RepositoryArea.Unverified, placement)),
                new RemoveStep(Layout.PathOf(RepositoryArea.StageRollout, placement)),
                new CleanStep(Layout.ScratchPath(placement)),
            ]);
        }

        if (failed.From == RolloutProgress.Failed || failed.To == RolloutProgress.Failed || !IsTableTransition(failed.From, failed.To))
        {
            throw new RepositoryPlanningException(
                $"The failed transition {failed} is not a transition of the table that can fail.", nameof(RepositoryPlanRequest.FailedTransition));
        }

        if (to == failed.To)
        {
            // Row 22, retry: the failed transition's own plan runs again (each step is idempotent).
            var retry = PlanMove(failed.From, failed.To, request, placement);
            return retry with { From = RolloutProgress.Failed, To = to };
        }

        if (to == failed.From)
        {
            // Row 21, revert: the executor rolled the failed action back; the release is where it was.
            return new RepositoryPlan(RolloutProgress.Failed, to, PathOrNull(AreaOf(failed.From), placement), []);
        }

        if (to != RolloutProgress.Rejected)
        {
            throw new RepositoryPlanningException(
                $"Failed → {to.ToName()} is neither the revert ({failed.From.ToName()}) nor the retry ({failed.To.ToName()}) of the failed transition {failed}, nor Rejected.",
                nameof(RepositoryPlanRequest.FailedTransition));
        }

        // Row 23: the release may be at either end of the failed transition; production is shared and never removed.
        var steps = ImmutableArray.CreateBuilder<PlanStep>();
        foreach (var area in (ReadOnlySpan<RepositoryArea>)[RepositoryArea.Unverified, RepositoryArea.StageRollout])
        {
            if (AreaOf(failed.From) == area || AreaOf(failed.To) == area)
            {
                steps.Add(new RemoveStep(Layout.PathOf(area, placement)));
            }
        }

        if (failed.From == RolloutProgress.Submitted)
        {
            steps.Add(new CleanStep(Layout.ScratchPath(placement)));
        }

        return new RepositoryPlan(RolloutProgress.Failed, to, null, steps.ToImmutable());
    }

    private RepositoryPlan PlanMove(RolloutProgress from, RolloutProgress to, RepositoryPlanRequest request, ReleasePlacement placement)
    {
        var fromArea = AreaOf(from);
        var toArea = AreaOf(to);
        if (fromArea == toArea)
        {
            return new RepositoryPlan(from, to, PathOrNull(toArea, placement), []);
        }

        if (toArea is not { } destinationArea)
        {
            // Into Rejected, Ignored or NotPublished: remove the release from the area its source state keeps it in.
            return new RepositoryPlan(from, to, null, [new RemoveStep(Layout.PathOf(fromArea!.Value, placement))]);
        }

        var destination = Layout.PathOf(destinationArea, placement);
        switch (fromArea, destinationArea)
        {
            case (null, RepositoryArea.Unverified):
                return PlanIntake(from, to, destination, request, placement);

            case (RepositoryArea.Unverified, RepositoryArea.StageRollout):
                {
                    var source = Layout.PathOf(RepositoryArea.Unverified, placement);
                    return new RepositoryPlan(from, to, destination,
                    [
                        new PromoteStep(source, destination, Merge: false),
                        new RefreshIndexStep(destination),
                        new WriteRepoFileStep(Layout.RepoFilePath(destination, placement), Layout.RepoFileContent(destination, placement)),
                        new SetRepositoryUrlStep(destination),
                        new RemoveStep(source),
                    ]);
                }

            case (RepositoryArea.Unverified or RepositoryArea.StageRollout, RepositoryArea.Production):
                {
                    // Only packages are merged into the shared folder; the release's other files (release.xml, a README)
                    // are per release and would make its next release conflict, so they stay in its own area.
                    var source = Layout.PathOf(fromArea.Value, placement);
                    return new RepositoryPlan(from, to, destination,
                    [
                        new PromoteStep(source, destination, merge: true, MergeExclusions(request, placement)) { Content = PromoteContent.PackagesOnly },
                        // The stage-rollout folder's own index names packages that go to the shared folder, not here.
                        new PromoteStep(source, Layout.ReleaseFilesPath(placement), merge: false, RepositoryLayout.IndexNames(placement)) { Content = PromoteContent.AllButPackages },
                        new RefreshIndexStep(destination),
                        new SetRepositoryUrlStep(destination),
                        new RemoveStep(source),
                    ]);
                }

            default:
                throw new RepositoryPlanningException(
                    $"{from.ToName()} → {to.ToName()} would move a release from {Describe(fromArea)} to {Describe(toArea)}, which no plan does.");
        }
    }

    private RepositoryPlan PlanIntake(
        RolloutProgress from, RolloutProgress to, RepositoryPath unverified, RepositoryPlanRequest request, ReleasePlacement placement)
    {
        var scratch = Layout.ScratchPath(placement);
        var fetch = FetchOf(from, to, request, scratch);
        CheckedManifest(request);
        return new RepositoryPlan(from, to, unverified,
        [
            fetch,
            new VerifyStep(scratch, request.ChecksumManifest),
            new PublishStep(scratch, unverified),
            new RefreshIndexStep(unverified),
            new WriteRepoFileStep(Layout.RepoFilePath(unverified, placement), Layout.RepoFileContent(unverified, placement)),
            new SetRepositoryUrlStep(unverified),
            new CleanStep(scratch),
        ]);
    }

    /// <summary>
    /// Where the software comes from (SPEC §11): the ticket's SyncURL when set, else the descriptor's synchURL; a 0.2
    /// descriptor whose synchURL is <c>n/a</c> or empty is fetched package by package from each package's url.
    /// </summary>
    private static FetchStep FetchOf(RolloutProgress from, RolloutProgress to, RepositoryPlanRequest request, RepositoryPath scratch)
    {
        if ((Given(request.SyncUrl) ?? Given(request.Descriptor.SynchUrl)) is { } syncUrl)
        {
            return new FetchStep(ProtocolOf(syncUrl, request.SyncProtocol).ToName(), syncUrl, scratch);
        }

        var packages = request.Descriptor.Packages;
        if (packages.IsEmpty)
        {
            throw new RepositoryPlanningException(
                $"{from.ToName()} → {to.ToName()} fetches the release, so the ticket's SyncURL is required (got '{request.SyncUrl}'): the descriptor's synchURL is '{request.Descriptor.SynchUrl}' and it lists no packages to fetch one by one.",
                nameof(RepositoryPlanRequest.SyncUrl));
        }

        var sources = ImmutableArray.CreateBuilder<PackageSource>(packages.Length);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            var what = $"Package '{package.Name}' ({package.FileName})";
            if (Given(package.Url) is not { } url || !SyncProtocolText.TryParseScheme(url, out var scheme) || scheme is not (SyncProtocol.Http or SyncProtocol.Https or SyncProtocol.File))
            {
                throw new RepositoryPlanningException(
                    $"{what} has url '{package.Url}'; with synchURL '{request.Descriptor.SynchUrl}' each package is fetched from its own http, https or file url.",
                    nameof(RepositoryPlanRequest.SyncUrl));
            }

            if (!IsPlainFileName(package.FileName) || !names.Add(package.FileName))
            {
                throw new RepositoryPlanningException(
                    $"{what} cannot be saved under its filename: a package's filename must be a plain file name (no '/', not '.' or '..'), different from every other package's.",
                    nameof(RepositoryPlanRequest.Descriptor));
            }

            sources.Add(new PackageSource(url, package.FileName));
        }

        return new FetchStep(FetchStep.PackagesProtocol, FetchStep.PackagesSource, scratch) { Packages = sources.MoveToImmutable() };
    }

    private static string? Given(string? url)
    {
        var trimmed = url?.Trim();
        return string.IsNullOrEmpty(trimmed) || string.Equals(trimmed, "n/a", StringComparison.OrdinalIgnoreCase) ? null : trimmed;
    }

    /// <summary>Whether a package's file name can be saved as it is, at the top of the scratch folder.</summary>
    internal static bool IsPlainFileName(string name) =>
        name.Length is > 0 and <= 255 && name is not ("." or "..") && !name.Any(c => c is '/' or '\\' or '\0' || char.IsControl(c));

    /// <summary>
    /// The transport follows the URL: a scheme (<c>file:///…</c>, <c>https://…</c>) names its protocol whatever the
    /// ticket's SyncProtocol says, so that a file URL is never handed to rsync; the SyncProtocol decides only for
    /// sources without one (<c>host::module/path</c>, a local path).
    /// </summary>
    private static SyncProtocol ProtocolOf(string syncUrl, SyncProtocol ticketProtocol) =>
        SyncProtocolText.TryParseScheme(syncUrl, out var protocol) ? protocol : ticketProtocol;

    /// <summary>
    /// The names a promote into production leaves out: the layout's (repo file folder, regenerated index), then the
    /// checksum manifest when it sits at the release root (it is per release too; a nested one is left in, because
    /// leaving out its whole top-level folder could leave out packages).
    /// </summary>
    private ImmutableArray<string> MergeExclusions(RepositoryPlanRequest request, ReleasePlacement placement)
    {
        var names = Layout.MergeExclusions(placement);
        var manifest = CheckedManifest(request);
        return manifest.Value.Contains('/', StringComparison.Ordinal) || names.Contains(manifest.Value, StringComparer.Ordinal)
            ? names
            : names.Add(manifest.Value);
    }

    private static RepositoryPath CheckedManifest(RepositoryPlanRequest request)
    {
        string? manifestError = null;
        if (string.IsNullOrEmpty(request.ChecksumManifest) || !RepositoryPath.TryParse(request.ChecksumManifest, out var manifest, out manifestError))
        {
            throw new RepositoryPlanningException(
                $"The checksum manifest '{request.ChecksumManifest}' must be a path relative to the release root: {manifestError ?? "it is empty."}",
                nameof(RepositoryPlanRequest.ChecksumManifest));
        }

        return manifest;
    }

    private RepositoryPath? PathOrNull(RepositoryArea? area, ReleasePlacement placement) =>
        area is { } a ? Layout.PathOf(a, placement) : null;

    private static string Describe(RepositoryArea? area) => area is { } a ? $"the {a} area" : "nowhere";
}
