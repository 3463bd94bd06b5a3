using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Metadata.Releases;
using SwRel.Repository.Planning;
using static SwRel.Domain.Workflow.RolloutProgress;

namespace SwRel.Repository.Tests.Planning;

public sealed class RepositoryPlannerTests
{
    private const string Unverified_ = "sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3";
    private const string StageRollout_ = "sw/stagerollout/umd-4.infn.argus.centos7.x86_64/1/7/3";
    private const string Production_ = "sw/production/umd/4/centos7/x86_64/updates";
    private const string Scratch = ".swrel/scratch/umd-4/INFN.argus.centos7.x86_64/1.7.3";

    private static readonly RepositoryPlanner s_planner = new();

    private static RepositoryPath P(string text) => RepositoryPath.Parse(text);

    private static void AssertSteps(RepositoryPlan plan, params PlanStep[] expected) =>
        Assert.True(
            expected.SequenceEqual(plan.Steps),
            $"expected:\n{string.Join("\n", expected.Select(RepositoryPlanText.Describe))}\nactual:\n{string.Join("\n", plan.Steps.Select(RepositoryPlanText.Describe))}");

    // SPEC §11: "Submitted→Unverified: fetch into scratch, verify checksums, publish to the unverified path, write the
    // repo file, set RepositoryURL, clean scratch." SPEC §15: "After a release enters an area its index is rebuilt".
    [Fact]
    public void Submitted_to_Unverified_fetches_verifies_publishes_and_points_the_ticket_at_the_release()
    {
        var plan = s_planner.Plan(PlanRequests.For(Submitted, Unverified));
        Assert.Equal(P(Unverified_), plan.Target);
        Assert.Collection(
            plan.Steps,
            s => Assert.Equal(new FetchStep("rsync", "rsync://provider.example.org/argus/1.7.3/", P(Scratch)), s),
            s => Assert.Equal(new VerifyStep(P(Scratch), "checksums.meta4"), s),
            s => Assert.Equal(new PublishStep(P(Scratch), P(Unverified_)), s),
            s => Assert.Equal(new RefreshIndexStep(P(Unverified_)), s),
            s =>
            {
                var write = Assert.IsType<WriteRepoFileStep>(s);
                Assert.Equal(Unverified_ + "/repofiles/INFN.argus.centos7.x86_64.repo", write.Path.Value);
                Assert.Contains("baseurl=https://repository.egi.eu/" + Unverified_ + "/", write.Content, StringComparison.Ordinal);
            },
            s => Assert.Equal(new SetRepositoryUrlStep(P(Unverified_)), s),
            s => Assert.Equal(new CleanStep(P(Scratch)), s));
    }

    [Fact]
    public void The_fetch_uses_the_ticket_protocol_and_manifest()
    {
        var plan = s_planner.Plan(PlanRequests.For(Submitted, Unverified) with
        {
            SyncProtocol = SyncProtocol.Https,
            SyncUrl = "https://provider.example.org/argus/",
            ChecksumManifest = "meta/checksums.xml",
        });
        Assert.Equal("https", Assert.IsType<FetchStep>(plan.Steps[0]).Protocol);
        Assert.Equal("meta/checksums.xml", Assert.IsType<VerifyStep>(plan.Steps[1]).Manifest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("n/a")]
    public void A_fetch_without_a_sync_url_is_refused(string? url)
    {
        var error = Assert.Throws<RepositoryPlanningException>(() => s_planner.Plan(PlanRequests.For(Submitted, Unverified) with { SyncUrl = url }));
        Assert.Contains("SyncURL", error.Message, StringComparison.Ordinal);
    }

    private static ReleaseDescriptor ArgusWithPackages(params (string Url, string FileName)[] packages) => Descriptors.Argus with
    {
        Packages = [.. packages.Select(p => new ReleasePackage("argus", "1.7.3", "1", "noarch", p.FileName, p.Url, "metapackage"))],
    };

    // SPEC §11: "a 0.2 descriptor whose synchURL is n/a or empty is fetched package by package from each
    // UMDmeta:package url (http, https, file), saved under its filename".
    [Theory]
    [InlineData(null)]
    [InlineData("n/a")]
    public void A_release_with_synch_url_n_a_is_fetched_package_by_package(string? ticketUrl)
    {
        var descriptor = ArgusWithPackages(("https://example.org/argus-pap.rpm", "argus-pap.rpm"), ("file:///srv/provider/argus-pdp.rpm", "argus-pdp.rpm"));

        var plan = s_planner.Plan(PlanRequests.For(Submitted, Unverified, descriptor) with { SyncUrl = ticketUrl });

        var fetch = Assert.IsType<FetchStep>(plan.Steps[0]);
        Assert.Equal(FetchStep.PackagesProtocol, fetch.Protocol);
        Assert.Equal(
            [new PackageSource("https://example.org/argus-pap.rpm", "argus-pap.rpm"), new PackageSource("file:///srv/provider/argus-pdp.rpm", "argus-pdp.rpm")],
            fetch.Packages.ToArray());
        var json = RepositoryPlanJson.Parse(RepositoryPlanJson.ToJson(plan));
        Assert.Equal(plan, json);
        Assert.Contains("fetch 2 packages, each from its url", RepositoryPlanText.ToText(plan), StringComparison.Ordinal);
    }

    [Fact]
    public void A_ticket_sync_url_wins_over_the_packages()
    {
        var descriptor = ArgusWithPackages(("https://example.org/argus-pap.rpm", "argus-pap.rpm"));

        var fetch = Assert.IsType<FetchStep>(s_planner.Plan(PlanRequests.For(Submitted, Unverified, descriptor)).Steps[0]);

        Assert.Equal("rsync", fetch.Protocol);
        Assert.True(fetch.Packages.IsEmpty);
    }

    [Theory]
    [InlineData("rsync://example.org/argus-pap.rpm", "argus-pap.rpm", "http, https or file url")]
    [InlineData("", "argus-pap.rpm", "http, https or file url")]
    [InlineData("https://example.org/argus-pap.rpm", "../argus-pap.rpm", "plain file name")]
    public void A_package_that_cannot_be_fetched_or_saved_is_refused_by_name(string url, string fileName, string why)
    {
        var descriptor = ArgusWithPackages((url, fileName));

        var error = Assert.Throws<RepositoryPlanningException>(() => s_planner.Plan(PlanRequests.For(Submitted, Unverified, descriptor) with { SyncUrl = null }));

        Assert.StartsWith($"Package 'argus' ({fileName})", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_outside_the_release_is_refused()
    {
        Assert.Throws<RepositoryPlanningException>(() => s_planner.Plan(PlanRequests.For(Submitted, Unverified) with { ChecksumManifest = "../checksums.xml" }));
    }

    // SPEC §11: "Into StageRollout: promote unverified → stage-rollout path."
    [Theory]
    [InlineData(InVerification)]
    [InlineData(Deferred)]
    [InlineData(Unverified)]
    public void Into_StageRollout_promotes_the_unverified_copy(RolloutProgress from)
    {
        var plan = s_planner.Plan(PlanRequests.For(from, StageRollout));
        Assert.Equal(P(StageRollout_), plan.Target);
        Assert.Equal(new PromoteStep(P(Unverified_), P(StageRollout_), Merge: false), plan.Steps[0]);
        Assert.Equal(new RefreshIndexStep(P(StageRollout_)), plan.Steps[1]);
        Assert.Equal(StageRollout_ + "/repofiles/INFN.argus.centos7.x86_64.repo", Assert.IsType<WriteRepoFileStep>(plan.Steps[2]).Path.Value);
        Assert.Equal(new SetRepositoryUrlStep(P(StageRollout_)), plan.Steps[3]);
        Assert.Equal(new RemoveStep(P(Unverified_)), plan.Steps[4]);
        Assert.Equal(5, plan.Steps.Length);
    }

    // SPEC §11: "Into Production: promote into production base/updates (a merge …), then refresh the repository
    // index, set RepositoryURL, remove the stage-rollout copy."
    [Fact]
    public void StageRollout_to_Production_merges_refreshes_and_removes_the_stage_rollout_copy()
    {
        // SPEC §11: only packages are merged into the shared folder; the release's other files (release.xml,
        // a README) stay with it in its own area, so that its next release does not conflict on them.
        var plan = s_planner.Plan(PlanRequests.For(StageRollout, Production));
        Assert.Equal(P(Production_), plan.Target);
        AssertSteps(
            plan,
            new PromoteStep(P(StageRollout_), P(Production_), merge: true, ["repofiles", "repodata", "checksums.meta4"]) { Content = PromoteContent.PackagesOnly },
            new PromoteStep(P(StageRollout_), P("sw/production/umd/4/releases/umd-4.infn.argus.centos7.x86_64/1/7/3"), merge: false, ["repodata"]) { Content = PromoteContent.AllButPackages },
            new RefreshIndexStep(P(Production_)),
            new SetRepositoryUrlStep(P(Production_)),
            new RemoveStep(P(StageRollout_)));
    }

    [Fact]
    public void An_emergency_straight_to_production_promotes_from_unverified()
    {
        var plan = s_planner.Plan(PlanRequests.For(Unverified, Production));
        Assert.Equal(new PromoteStep(P(Unverified_), P(Production_), merge: true, ["repofiles", "repodata", "checksums.meta4"]) { Content = PromoteContent.PackagesOnly }, plan.Steps[0]);
        Assert.Equal(new RemoveStep(P(Unverified_)), plan.Steps[^1]);
    }

    [Fact]
    public void An_apt_release_reaches_its_real_production_path()
    {
        var plan = s_planner.Plan(PlanRequests.For(StageRollout, Production, Descriptors.Squeeze, "umd-3"));
        Assert.Equal(P("sw/production/umd/3/debian/dists/squeeze/main/binary-amd64"), plan.Target);
    }

    // Many releases share production updates (SPEC §11), so a release's own repo file folder and the index that
    // refresh-index regenerates stay out of the merge: otherwise the next release of the product conflicts on them.
    [Fact]
    public void A_yum_promote_into_production_leaves_out_the_repo_file_folder_and_repodata()
    {
        var promote = Assert.IsType<PromoteStep>(s_planner.Plan(PlanRequests.For(StageRollout, Production)).Steps[0]);
        Assert.Equal<string>(["repofiles", "repodata", "checksums.meta4"], promote.Exclude);
    }

    [Fact]
    public void An_apt_promote_into_production_leaves_out_the_repo_file_folder_and_the_flat_index_files()
    {
        var promote = Assert.IsType<PromoteStep>(s_planner.Plan(PlanRequests.For(StageRollout, Production, Descriptors.Squeeze, "umd-3")).Steps[0]);
        Assert.Equal<string>(
            ["repofiles", "Packages", "Packages.gz", "Packages.bz2", "Packages.xz", "Packages.lzma", "Packages.zst", "Release", "Release.gpg", "InRelease", "checksums.meta4"],
            promote.Exclude);
    }

    [Fact]
    public void A_repo_file_at_the_release_root_is_left_out_by_its_own_name()
    {
        var descriptor = Descriptors.Argus with { RepoFile = Descriptors.Argus.RepoFile! with { RelativePath = "./" } };
        var promote = Assert.IsType<PromoteStep>(s_planner.Plan(PlanRequests.For(StageRollout, Production, descriptor)).Steps[0]);
        Assert.Equal<string>(["INFN.argus.centos7.x86_64.repo", "repodata", "checksums.meta4"], promote.Exclude);
    }

    [Fact]
    public void A_nested_repo_file_folder_is_left_out_by_its_top_level_name()
    {
        var descriptor = Descriptors.Sl6 with
        {
            Repositories = [Descriptors.Sl6.Repositories[0] with { RepoFileLocation = "meta/repofiles/" }],
        };
        var promote = Assert.IsType<PromoteStep>(s_planner.Plan(PlanRequests.For(Unverified, Production, descriptor)).Steps[0]);
        Assert.Equal<string>(["meta", "repodata", "checksums.meta4"], promote.Exclude);
    }

    // The manifest is per release too, but a nested one is left in: leaving out its top-level folder could leave out packages.
    [Theory]
    [InlineData("SHA256SUMS", new[] { "repofiles", "repodata", "SHA256SUMS" })]
    [InlineData("RPMS/SHA256SUMS", new[] { "repofiles", "repodata" })]
    [InlineData("repodata", new[] { "repofiles", "repodata" })]
    public void A_checksum_manifest_at_the_release_root_is_left_out_too(string manifest, string[] expected)
    {
        var promote = Assert.IsType<PromoteStep>(s_planner.Plan(PlanRequests.For(StageRollout, Production) with { ChecksumManifest = manifest }).Steps[0]);
        Assert.Equal(expected, promote.Exclude);
    }

    [Fact]
    public void A_production_plan_with_a_manifest_outside_the_release_is_refused()
    {
        Assert.Throws<RepositoryPlanningException>(() => s_planner.Plan(PlanRequests.For(StageRollout, Production) with { ChecksumManifest = "../checksums.xml" }));
    }

    [Fact]
    public void A_promote_into_stage_rollout_copies_everything()
    {
        var promote = Assert.IsType<PromoteStep>(s_planner.Plan(PlanRequests.For(Unverified, StageRollout)).Steps[0]);
        Assert.Empty(promote.Exclude);
    }

    // SPEC §11: "Into Rejected, Ignored, NotPublished: remove the release from whichever area holds it."
    [Theory]
    [InlineData(Unverified, Rejected, Unverified_)]
    [InlineData(Unverified, Ignored, Unverified_)]
    [InlineData(InVerification, Rejected, Unverified_)]
    [InlineData(WaitingForResponse, Rejected, Unverified_)]
    [InlineData(Deferred, Rejected, Unverified_)]
    [InlineData(StageRollout, Rejected, StageRollout_)]
    [InlineData(StageRollout, NotPublished, StageRollout_)]
    public void Leaving_the_workflow_removes_the_release_from_its_area(RolloutProgress from, RolloutProgress to, string area)
    {
        var plan = s_planner.Plan(PlanRequests.For(from, to));
        Assert.Null(plan.Target);
        AssertSteps(plan, new RemoveStep(P(area)));
    }

    [Theory]
    [InlineData(Submitted, Rejected)]
    [InlineData(Submitted, Ignored)]
    public void Refusing_a_submitted_release_touches_nothing(RolloutProgress from, RolloutProgress to)
    {
        var plan = s_planner.Plan(PlanRequests.For(from, to));
        Assert.True(plan.IsEmpty);
        Assert.Null(plan.Target);
    }

    // SPEC §11: "Other transitions: an empty plan."
    [Theory]
    [InlineData(Unverified, InVerification)]
    [InlineData(InVerification, WaitingForResponse)]
    [InlineData(WaitingForResponse, InVerification)]
    [InlineData(InVerification, Deferred)]
    public void Transitions_within_the_unverified_area_are_empty_plans_that_keep_the_target(RolloutProgress from, RolloutProgress to)
    {
        var plan = s_planner.Plan(PlanRequests.For(from, to));
        Assert.True(plan.IsEmpty);
        Assert.Equal(P(Unverified_), plan.Target);
    }

    // SPEC §2.1: "Everything not in the table is refused", e.g. StageRollout → InVerification.
    [Theory]
    [InlineData(StageRollout, InVerification)]
    [InlineData(Production, Rejected)]
    [InlineData(Submitted, Production)]
    [InlineData(Unverified, Unverified)]
    public void Transitions_outside_the_table_are_refused(RolloutProgress from, RolloutProgress to)
    {
        Assert.Throws<RepositoryPlanningException>(() => s_planner.Plan(PlanRequests.For(from, to)));
    }

    // SPEC §2.1 row 20: the repository action failed; the failed transition (from, to) is recorded.
    [Fact]
    public void Entering_Failed_is_an_empty_plan_and_the_release_stays_where_the_failed_transition_started()
    {
        var plan = s_planner.Plan(PlanRequests.For(Production, Failed, failed: new TransitionPair(StageRollout, Production)));
        Assert.True(plan.IsEmpty);
        Assert.Equal(P(StageRollout_), plan.Target);
    }

    // SPEC §2.1 row 22: "retry: the repository action runs again".
    [Fact]
    public void A_retry_replans_the_failed_transition()
    {
        var failed = new TransitionPair(StageRollout, Production);
        var plan = s_planner.Plan(PlanRequests.For(Failed, Production, failed: failed));
        var original = s_planner.Plan(PlanRequests.For(StageRollout, Production));
        Assert.Equal((Failed, Production), (plan.From, plan.To));
        AssertSteps(plan, [.. original.Steps]);
        Assert.Equal(original.Target, plan.Target);
    }

    // SPEC §2.1 row 21: revert to the failed transition's source.
    [Fact]
    public void A_revert_is_an_empty_plan_back_at_the_source_area()
    {
        var plan = s_planner.Plan(PlanRequests.For(Failed, StageRollout, failed: new TransitionPair(StageRollout, Production)));
        Assert.True(plan.IsEmpty);
        Assert.Equal(P(StageRollout_), plan.Target);
    }

    // SPEC §2.1 row 23: Failed → Rejected.
    [Fact]
    public void Failed_to_Rejected_after_a_failed_intake_removes_the_unverified_copy_and_cleans_scratch()
    {
        var plan = s_planner.Plan(PlanRequests.For(Failed, Rejected, failed: new TransitionPair(Submitted, Unverified)));
        AssertSteps(plan, new RemoveStep(P(Unverified_)), new CleanStep(P(Scratch)));
    }

    [Fact]
    public void Failed_to_Rejected_never_removes_a_shared_production_folder()
    {
        var plan = s_planner.Plan(PlanRequests.For(Failed, Rejected, failed: new TransitionPair(StageRollout, Production)));
        AssertSteps(plan, new RemoveStep(P(StageRollout_)));
    }

    [Fact]
    public void Failed_to_Rejected_without_the_failure_clears_every_place_the_release_may_be()
    {
        var plan = s_planner.Plan(PlanRequests.For(Failed, Rejected));
        AssertSteps(plan, new RemoveStep(P(Unverified_)), new RemoveStep(P(StageRollout_)), new CleanStep(P(Scratch)));
    }

    [Fact]
    public void Leaving_Failed_other_than_to_Rejected_needs_the_failed_transition()
    {
        var error = Assert.Throws<RepositoryPlanningException>(() => s_planner.Plan(PlanRequests.For(Failed, Production)));
        Assert.Contains("failed transition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaving_Failed_for_a_state_unrelated_to_the_failure_is_refused()
    {
        Assert.Throws<RepositoryPlanningException>(() =>
            s_planner.Plan(PlanRequests.For(Failed, InVerification, failed: new TransitionPair(StageRollout, Production))));
    }

    // A file URL handed to rsync fails with "names a remote shell (host:path)", which hides the real mismatch.
    [Theory]
    [InlineData(SyncProtocol.Rsync, "file:///srv/releases/argus/1.7.3", "file")]
    [InlineData(SyncProtocol.Rsync, "https://provider.example.org/argus/1.7.3/", "https")]
    [InlineData(SyncProtocol.File, "rsync://provider.example.org/argus/1.7.3/", "rsync")]
    [InlineData(SyncProtocol.Https, "provider.example.org::releases/argus", "https")]
    [InlineData(SyncProtocol.File, "/srv/releases/argus/1.7.3", "file")]
    public void The_fetch_transport_follows_the_sync_urls_scheme_and_else_the_sync_protocol(SyncProtocol ticketProtocol, string syncUrl, string transport)
    {
        var plan = s_planner.Plan(PlanRequests.For(Submitted, Unverified) with { SyncProtocol = ticketProtocol, SyncUrl = syncUrl });

        var fetch = Assert.IsType<FetchStep>(plan.Steps[0]);
        Assert.Equal(transport, fetch.Protocol);
        Assert.Equal(syncUrl, fetch.Source);
    }

    [Fact]
    public void A_major_release_in_capitals_plans_into_the_same_tree()
    {
        var plan = s_planner.Plan(PlanRequests.For(StageRollout, Production, majorRelease: "UMD-4"));

        Assert.Equal(P(Production_), plan.Target);
        var promote = Assert.IsType<PromoteStep>(plan.Steps[0]);
        Assert.Equal((P(StageRollout_), P(Production_)), (promote.Source, promote.Destination));
    }

    [Fact]
    public void Errors_name_the_request_property_that_fixes_them()
    {
        Assert.Equal(nameof(RepositoryPlanRequest.SyncUrl), PlanError(PlanRequests.For(Submitted, Unverified) with { SyncUrl = null }).RequestProperty);
        Assert.Equal(nameof(RepositoryPlanRequest.FailedTransition), PlanError(PlanRequests.For(Failed, Unverified)).RequestProperty);
        Assert.Equal(nameof(RepositoryPlanRequest.ChecksumManifest), PlanError(PlanRequests.For(Submitted, Unverified) with { ChecksumManifest = "../x" }).RequestProperty);
        Assert.Equal(nameof(RepositoryPlanRequest.To), PlanError(PlanRequests.For(StageRollout, InVerification)).RequestProperty);
    }

    [Fact]
    public void A_layout_error_in_the_descriptor_names_no_request_property()
    {
        var error = PlanError(PlanRequests.For(StageRollout, Production, Descriptors.Argus with { TargetPlatform = null }));

        Assert.Null(error.RequestProperty);
    }

    private static RepositoryPlanningException PlanError(RepositoryPlanRequest request) =>
        Assert.Throws<RepositoryPlanningException>(() => s_planner.Plan(request));

    [Fact]
    public void TryPlan_reports_the_reason_instead_of_throwing()
    {
        Assert.False(s_planner.TryPlan(PlanRequests.For(StageRollout, InVerification), out var plan, out var error));
        Assert.Null(plan);
        Assert.Contains("not in the transition table", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Nrms_releases_are_planned_with_the_wiki_layout()
    {
        var plan = s_planner.Plan(PlanRequests.For(Submitted, Unverified, Descriptors.Nrms, "emi-3"));
        Assert.Equal(P("sw/unverified/EMI/3.2.1"), plan.Target);
    }
}
