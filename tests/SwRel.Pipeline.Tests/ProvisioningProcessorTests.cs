using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Repository.Execution;

namespace SwRel.Pipeline.Tests;

public sealed class ProvisioningProcessorTests
{
    private readonly PipelineFixture _f;

    public ProvisioningProcessorTests()
    {
        var time = new ManualTimeProvider();
        _f = new PipelineFixture(new InMemoryRequestQueue(time), time);
    }

    [Fact]
    public async Task A_legal_transition_runs_the_repository_work_sets_RepositoryURL_and_leaves_the_queue()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, report!.Outcome);
        Assert.Equal([(ticket, RolloutProgress.Submitted, RolloutProgress.Unverified)], _f.Actions.Runs);
        var read = await _f.Gateway.GetTicketAsync(ticket, default);
        Assert.Equal(FakeRepositoryActions.AreaOf(ticket, RolloutProgress.Unverified).Value, read!.RepositoryUrl);
        Assert.Equal(RolloutProgress.Unverified, read.RolloutProgress);
        Assert.Empty(await _f.Queue.ListAsync(default));
        Assert.Null(await _f.CreateProcessor().ProcessNextAsync(default));
    }

    // SPEC §2.1: "Everything not in the table is refused with a clear reason (for example
    // StageRollout → InVerification: 'backward transitions are blocked')"; SPEC §12: any failure
    // adds an explanatory comment and sets Failed.
    [Fact]
    public async Task An_illegal_transition_adds_a_comment_and_sets_Failed_with_the_failed_transition()
    {
        var ticket = _f.NewTicket(state: RolloutProgress.StageRollout);
        await _f.MoveAsync(ticket, RolloutProgress.InVerification);

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, report!.Outcome);
        Assert.Empty(_f.Actions.Runs);
        var read = await _f.Gateway.GetTicketAsync(ticket, default);
        Assert.Equal(RolloutProgress.Failed, read!.RolloutProgress);
        Assert.Equal(RolloutProgress.StageRollout, read.LastFailedTransition!.From);
        Assert.Equal(RolloutProgress.InVerification, read.LastFailedTransition.To);
        Assert.Contains("backward transitions are blocked", Assert.Single(_f.Gateway.Comments(ticket)), StringComparison.Ordinal);
        Assert.Equal(new PipelineTransition { TicketId = ticket, From = RolloutProgress.InVerification, To = RolloutProgress.Failed, Rule = TransitionTable.Row(20) }, Assert.Single(report.Transitions));
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    // SPEC §12: "A Failed comment suggests only a follow-up the table allows and that can succeed." StageRollout ->
    // InVerification is no row, so rows 21 and 22 cannot take it; Unverified -> StageRollout is row 7, which the table
    // refused for EmergencyRelease = No, so a retry would be refused again while a revert can succeed.
    [Theory]
    [InlineData(RolloutProgress.StageRollout, RolloutProgress.InVerification, "an admin may only reject it.")]
    [InlineData(RolloutProgress.Unverified, RolloutProgress.StageRollout, "an admin may revert it to Unverified or reject it; a retry would be refused again.")]
    public async Task A_refused_transition_offers_no_retry_in_its_Failed_comment(RolloutProgress from, RolloutProgress to, string choices)
    {
        var ticket = _f.NewTicket(state: from);
        await _f.MoveAsync(ticket, to);

        await _f.CreateProcessor().ProcessNextAsync(default);

        var comment = Assert.Single(_f.Gateway.Comments(ticket));
        Assert.Contains(choices, comment, StringComparison.Ordinal);
        Assert.DoesNotContain("retry " + to.ToName(), comment, StringComparison.Ordinal);
    }

    // SPEC §12: "Its own state changes (Deferred, StageRollout by row 15, Failed) are history entries like any other";
    // SPEC §5: "Every state entry is recorded with its UTC time and actor."
    [Fact]
    public async Task The_pipelines_own_changes_are_entries_by_Repo_in_the_tickets_StateHistory()
    {
        var holder = _f.NewTicket(state: RolloutProgress.InVerification);
        var waiting = _f.NewTicket(state: RolloutProgress.InVerification);
        var broken = _f.NewTicket();
        await _f.MoveAsync(holder, RolloutProgress.StageRollout);
        var processor = _f.CreateProcessor();
        await processor.DrainAsync(default);
        await _f.MoveAsync(waiting, RolloutProgress.StageRollout);
        await _f.MoveAsync(broken, RolloutProgress.Production);
        await processor.DrainAsync(default);
        await _f.MoveAsync(holder, RolloutProgress.Production);
        await processor.DrainAsync(default);

        var history = (await _f.Gateway.GetTicketAsync(waiting, default))!.History;
        Assert.Equal(
            [(RolloutProgress.StageRollout, "Admin"), (RolloutProgress.Deferred, "Repo"), (RolloutProgress.StageRollout, "Repo")],
            history.Entries[^3..].Select(e => (e.State, e.Actor)));
        var failed = (await _f.Gateway.GetTicketAsync(broken, default))!.History.Current!.Value;
        Assert.Equal((RolloutProgress.Failed, "Repo"), (failed.State, failed.Actor));
    }

    [Fact]
    public async Task An_emergency_transition_without_the_emergency_flag_is_refused()
    {
        var ticket = _f.NewTicket(state: RolloutProgress.Unverified);
        await _f.MoveAsync(ticket, RolloutProgress.StageRollout, emergency: false);

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, report!.Outcome);
        Assert.Contains("EmergencyRelease = Yes", report.Message, StringComparison.Ordinal);
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(ticket));
    }

    [Fact]
    public async Task A_failed_repository_action_adds_its_message_as_a_comment_and_sets_Failed()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new RepositoryActionException("release.xml line 3, column 5: the element 'productName' is missing.");

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, report!.Outcome);
        var read = await _f.Gateway.GetTicketAsync(ticket, default);
        Assert.Equal(RolloutProgress.Failed, read!.RolloutProgress);
        Assert.Equal(new FailedTransition(RolloutProgress.Submitted, RolloutProgress.Unverified, "release.xml line 3, column 5: the element 'productName' is missing."), read.LastFailedTransition);
        Assert.Contains("productName", Assert.Single(_f.Gateway.Comments(ticket)), StringComparison.Ordinal);
        Assert.Null(read.RepositoryUrl);
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    [Fact]
    public async Task A_technical_failure_of_the_work_is_recorded_like_a_logical_one()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new IOException("rsync exited with code 23");

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, report!.Outcome);
        Assert.Contains("rsync exited with code 23", Assert.Single(_f.Gateway.Comments(ticket)), StringComparison.Ordinal);
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(ticket));
    }

    // SPEC §12: "a request is removed from the queue only after it succeeded or its failure was recorded".
    [Fact]
    public async Task A_request_stays_queued_until_its_failure_could_be_recorded()
    {
        var ticket = _f.NewTicket();
        var id = await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new RepositoryActionException("checksum mismatch for a.rpm.");
        var down = new FlakyGateway(_f.Gateway) { Down = true };

        var first = await _f.CreateProcessor(gateway: down).ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Retrying, first!.Outcome);
        var waiting = Assert.Single(await _f.Queue.ListAsync(default));
        Assert.Equal(id, waiting.RequestId);
        Assert.Contains("ticket system is down", waiting.LastError, StringComparison.Ordinal);
        Assert.Equal(RolloutProgress.Unverified, await _f.StateAsync(ticket));
        Assert.Null(await _f.CreateProcessor().ProcessNextAsync(default));

        _f.Time.Advance(_f.Options.RetryDelay);
        down.Down = false;
        var second = await _f.CreateProcessor(gateway: down).ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, second!.Outcome);
        Assert.Equal(2, second.Attempt);
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(ticket));
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    [Fact]
    public async Task A_crash_between_taking_and_completing_a_request_means_it_is_processed_again_harmlessly()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        using var crash = new CancellationTokenSource();
        _f.Actions.AfterWork = _ => crash.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _f.CreateProcessor().ProcessNextAsync(crash.Token));
        _f.Actions.AfterWork = null;
        Assert.Null(await _f.CreateProcessor().ProcessNextAsync(default));

        _f.Time.Advance(_f.Options.LeaseDuration);
        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, report!.Outcome);
        Assert.Equal(2, report.Attempt);
        Assert.Equal(2, _f.Actions.Runs.Count);
        Assert.All(_f.Actions.Runs, r => Assert.Equal((ticket, RolloutProgress.Submitted, RolloutProgress.Unverified), r));
        var read = await _f.Gateway.GetTicketAsync(ticket, default);
        Assert.Equal(RolloutProgress.Unverified, read!.RolloutProgress);
        Assert.Equal(FakeRepositoryActions.AreaOf(ticket, RolloutProgress.Unverified).Value, read.RepositoryUrl);
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    [Fact]
    public async Task A_crash_after_recording_a_failure_does_not_record_it_twice()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new RepositoryActionException("bad release.xml.");
        var crashing = new FlakyGateway(_f.Gateway) { CrashAfterFailedIsSet = true };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _f.CreateProcessor(gateway: crashing).ProcessNextAsync(crashing.Crash.Token));
        _f.Time.Advance(_f.Options.LeaseDuration);
        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Skipped, report!.Outcome);
        Assert.Single(_f.Gateway.Comments(ticket));
        Assert.Single(_f.Gateway.Changes, c => c.To == RolloutProgress.Failed);
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    // SPEC §2.1 row 12: InVerification → Deferred when another release of the same
    // AssociatedMajorRelease is in StageRollout; row 15: Deferred → StageRollout when the slot is
    // free, oldest Deferred ticket first.
    [Fact]
    public async Task With_the_slot_taken_a_release_is_Deferred_and_the_oldest_Deferred_moves_in_when_the_slot_frees()
    {
        var processor = _f.CreateProcessor();
        var holder = _f.NewTicket(state: RolloutProgress.InVerification);
        var older = _f.NewTicket(state: RolloutProgress.InVerification);
        var newer = _f.NewTicket(state: RolloutProgress.InVerification);
        var otherMajor = _f.NewTicket("umd-5", RolloutProgress.InVerification);
        await _f.MoveAsync(holder, RolloutProgress.StageRollout);
        await processor.DrainAsync(default);
        await _f.MoveAsync(older, RolloutProgress.StageRollout);
        await processor.DrainAsync(default);
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        await _f.MoveAsync(newer, RolloutProgress.StageRollout);
        await _f.MoveAsync(otherMajor, RolloutProgress.StageRollout);
        var reports = await processor.DrainAsync(default);

        Assert.Equal([ProcessingOutcome.Deferred, ProcessingOutcome.Succeeded], reports.Select(r => r.Outcome));
        Assert.Equal(new PipelineTransition { TicketId = newer, From = RolloutProgress.StageRollout, To = RolloutProgress.Deferred, Rule = TransitionTable.Row("12b") }, Assert.Single(reports[0].Transitions));
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(older));
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(newer));
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(otherMajor));
        var deferral = Assert.Single(_f.Gateway.Comments(newer));
        Assert.Contains($"#{holder}", deferral, StringComparison.Ordinal);
        Assert.Contains("Deferred (row 12b)", deferral, StringComparison.Ordinal);

        await _f.MoveAsync(holder, RolloutProgress.Production);
        var production = Assert.Single(await processor.DrainAsync(default));

        Assert.Equal(ProcessingOutcome.Succeeded, production.Outcome);
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(older));
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(newer));
        Assert.Contains(new PipelineTransition { TicketId = older, From = RolloutProgress.Deferred, To = RolloutProgress.StageRollout, Rule = TransitionTable.Row(15) }, production.Transitions);
        Assert.Equal(2, production.Plans.Length);
        var read = await _f.Gateway.GetTicketAsync(older, default);
        Assert.Equal(FakeRepositoryActions.AreaOf(older, RolloutProgress.StageRollout).Value, read!.RepositoryUrl);

        await _f.MoveAsync(older, RolloutProgress.Rejected);
        await processor.DrainAsync(default);

        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(newer));
    }

    [Fact]
    public async Task A_Deferred_ticket_whose_promotion_fails_is_Failed_and_the_next_one_moves_in()
    {
        var processor = _f.CreateProcessor();
        var holder = _f.NewTicket(state: RolloutProgress.StageRollout);
        var broken = _f.NewTicket(state: RolloutProgress.Deferred);
        _f.Time.Advance(TimeSpan.FromSeconds(1));
        var next = _f.NewTicket(state: RolloutProgress.Deferred);
        _f.Actions.FailWith = c => c.Ticket.Id == broken ? new RepositoryActionException("the unverified copy is missing.") : null;

        await _f.MoveAsync(holder, RolloutProgress.Production);
        await processor.DrainAsync(default);

        var failed = await _f.Gateway.GetTicketAsync(broken, default);
        Assert.Equal(RolloutProgress.Failed, failed!.RolloutProgress);
        Assert.Equal(new FailedTransition(RolloutProgress.Deferred, RolloutProgress.StageRollout, "the unverified copy is missing."), failed.LastFailedTransition);
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(next));
    }

    [Fact]
    public async Task A_crash_between_a_ticket_leaving_StageRollout_and_the_promotion_is_made_good_on_reprocessing()
    {
        var holder = _f.NewTicket(state: RolloutProgress.StageRollout);
        var deferred = _f.NewTicket(state: RolloutProgress.Deferred);
        await _f.MoveAsync(holder, RolloutProgress.Production);
        using var crash = new CancellationTokenSource();
        _f.Actions.AfterWork = c => { if (c.Ticket.Id == holder) { crash.Cancel(); } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _f.CreateProcessor().ProcessNextAsync(crash.Token));
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(deferred));
        _f.Actions.AfterWork = null;
        _f.Time.Advance(_f.Options.LeaseDuration);
        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, report!.Outcome);
        Assert.Equal(RolloutProgress.Production, await _f.StateAsync(holder));
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(deferred));
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    // SPEC §2.1: option EmergencyBypassesSlot (default true) lets an emergency release enter
    // StageRollout while the slot is taken. Without it, row 7 into a taken slot is refused: row 12
    // (→ Deferred) is a move from InVerification only, and RolloutWorkflow refuses row 7 too.
    [Theory]
    [InlineData(true, RolloutProgress.StageRollout)]
    [InlineData(false, RolloutProgress.Failed)]
    public async Task An_emergency_release_bypasses_a_taken_slot_only_when_the_option_allows(bool bypass, RolloutProgress expected)
    {
        _f.Workflow.EmergencyBypassesSlot = bypass;
        var holder = _f.NewTicket(state: RolloutProgress.StageRollout);
        var emergency = _f.NewTicket(state: RolloutProgress.Unverified, emergency: true);
        await _f.MoveAsync(emergency, RolloutProgress.StageRollout);

        await _f.CreateProcessor().DrainAsync(default);

        Assert.Equal(expected, await _f.StateAsync(emergency));
        if (!bypass)
        {
            Assert.Equal((RolloutProgress.Unverified, RolloutProgress.StageRollout), (await _f.FailureAsync(emergency)) is { } f ? (f.From, f.To) : default);
            Assert.Contains($"taken by ticket #{holder} and EmergencyBypassesSlot is off", Assert.Single(_f.Gateway.Comments(emergency)), StringComparison.Ordinal);
        }
    }

    // SPEC §3: EmergencyRelease is a ticket field; SPEC §2.1 rows 7 and 8 need "EmergencyRelease = Yes".
    // The request's Emergency_Release only echoes it, so a request that disagrees is not carried out.
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task A_request_whose_Emergency_Release_disagrees_with_the_tickets_EmergencyRelease_sends_the_ticket_to_Failed(bool ticketSaysYes, bool requestSaysYes)
    {
        var ticket = _f.NewTicket(state: RolloutProgress.Unverified, emergency: ticketSaysYes);
        await _f.MoveAsync(ticket, RolloutProgress.StageRollout, emergency: requestSaysYes);

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, report!.Outcome);
        Assert.Empty(_f.Actions.Runs);
        Assert.Equal(RolloutProgress.Failed, await _f.StateAsync(ticket));
        var comment = Assert.Single(_f.Gateway.Comments(ticket));
        Assert.Contains($"Emergency_Release = {(requestSaysYes ? "Yes" : "No")}, but the ticket's EmergencyRelease is {(ticketSaysYes ? "Yes" : "No")}", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_slot_bypass_goes_by_the_tickets_EmergencyRelease()
    {
        _f.NewTicket(state: RolloutProgress.StageRollout);
        var emergency = _f.NewTicket(state: RolloutProgress.InVerification, emergency: true);
        await _f.MoveAsync(emergency, RolloutProgress.StageRollout);

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, report!.Outcome);
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(emergency));
    }

    [Fact]
    public async Task A_ticket_whose_EmergencyRelease_is_neither_Yes_nor_No_is_Failed_with_the_value_named()
    {
        var ticket = _f.NewTicket(state: RolloutProgress.Unverified);
        _f.Gateway.SetField(ticket, TicketField.EmergencyRelease.ToName(), "Maybe");
        await _f.MoveAsync(ticket, RolloutProgress.InVerification, emergency: false);

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Failed, report!.Outcome);
        Assert.Contains("EmergencyRelease 'Maybe' is neither Yes nor No", Assert.Single(_f.Gateway.Comments(ticket)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_repositorys_own_transitions_come_back_as_requests_and_are_skipped()
    {
        var ticket = _f.NewTicket(state: RolloutProgress.InVerification);
        await _f.MoveAsync(ticket, RolloutProgress.Deferred);

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Skipped, report!.Outcome);
        Assert.Empty(_f.Actions.Runs);
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(ticket));
    }

    [Fact]
    public async Task The_ticket_systems_echo_of_a_deferral_is_skipped_and_leaves_the_ticket_Deferred()
    {
        var processor = _f.CreateProcessor();
        _f.NewTicket(state: RolloutProgress.StageRollout);
        var waiting = _f.NewTicket(state: RolloutProgress.InVerification);
        await _f.MoveAsync(waiting, RolloutProgress.StageRollout);
        await processor.DrainAsync(default);

        // The ticket system saw StageRollout (the person) and then Deferred (the pipeline), and posts that change.
        await _f.Queue.EnqueueAsync(new ProvisioningRequest(waiting, RolloutProgress.StageRollout, RolloutProgress.Deferred, false), default);
        var echo = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Skipped, echo!.Outcome);
        Assert.Equal(RolloutProgress.Deferred, await _f.StateAsync(waiting));
        Assert.Single(_f.Gateway.Comments(waiting));
    }

    [Fact]
    public async Task The_ticket_systems_echo_of_a_deferral_is_skipped_silently_even_after_the_ticket_moved_on()
    {
        var processor = _f.CreateProcessor();
        var holder = _f.NewTicket(state: RolloutProgress.StageRollout);
        var waiting = _f.NewTicket(state: RolloutProgress.InVerification);
        await _f.MoveAsync(waiting, RolloutProgress.StageRollout);
        await processor.DrainAsync(default);
        await _f.MoveAsync(holder, RolloutProgress.Production);
        await processor.DrainAsync(default);
        var comments = _f.Gateway.Comments(waiting).Count;

        // The ticket system posts the deferral it saw, late: the ticket is in StageRollout by now.
        await _f.Queue.EnqueueAsync(new ProvisioningRequest(waiting, RolloutProgress.StageRollout, RolloutProgress.Deferred, false), default);
        var echo = await processor.ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Skipped, echo!.Outcome);
        Assert.Equal(RolloutProgress.StageRollout, await _f.StateAsync(waiting));
        Assert.Equal(comments, _f.Gateway.Comments(waiting).Count);
    }

    // SPEC §2.1 row 22: Failed → the failed transition's to, by an admin: the repository action runs again.
    [Fact]
    public async Task A_retry_from_Failed_runs_the_failed_transitions_action_again()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Actions.FailWith = _ => new RepositoryActionException("fetch failed.");
        await _f.CreateProcessor().DrainAsync(default);
        _f.Actions.FailWith = null;

        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Succeeded, report!.Outcome);
        Assert.Equal((ticket, RolloutProgress.Submitted, RolloutProgress.Unverified), _f.Actions.Runs[^1]);
        Assert.Equal(RolloutProgress.Unverified, await _f.StateAsync(ticket));
    }

    [Fact]
    public async Task An_outdated_request_is_skipped_with_a_comment()
    {
        var ticket = _f.NewTicket();
        await _f.MoveAsync(ticket, RolloutProgress.Unverified);
        _f.Gateway.Move(ticket, RolloutProgress.Rejected);

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Skipped, report!.Outcome);
        Assert.Empty(_f.Actions.Runs);
        Assert.Contains("outdated", Assert.Single(_f.Gateway.Comments(ticket)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_for_a_missing_ticket_is_dropped()
    {
        await _f.Queue.EnqueueAsync(new ProvisioningRequest(999, RolloutProgress.Submitted, RolloutProgress.Unverified, false), default);

        var report = await _f.CreateProcessor().ProcessNextAsync(default);

        Assert.Equal(ProcessingOutcome.Skipped, report!.Outcome);
        Assert.Contains("#999", report.Message, StringComparison.Ordinal);
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    [Fact]
    public async Task The_processor_loop_reports_each_request_and_ends_quietly_when_cancelled()
    {
        var first = _f.NewTicket();
        var second = _f.NewTicket();
        await _f.MoveAsync(first, RolloutProgress.Unverified);
        await _f.MoveAsync(second, RolloutProgress.Unverified);
        using var stop = new CancellationTokenSource();
        var reports = new List<ProcessingReport>();

        await _f.CreateProcessor().RunAsync(
            report =>
            {
                reports.Add(report);
                if (reports.Count == 2)
                {
                    stop.Cancel();
                }
            },
            stop.Token);

        Assert.Equal([first, second], reports.Select(r => r.Request.TicketId));
        Assert.All(reports, r => Assert.Equal(ProcessingOutcome.Succeeded, r.Outcome));
        Assert.Empty(await _f.Queue.ListAsync(default));
    }

    [Fact]
    public void Invalid_options_are_refused_when_the_pipeline_is_resolved()
    {
        var services = new ServiceCollection();
        services.AddSwRelPipeline(o =>
        {
            o.RepositoryRoot = _f.Options.RepositoryRoot;
            o.LeaseDuration = TimeSpan.Zero;
            o.ReleaseDescriptorAttachment = "dir/release.xml";
        });
        using var provider = services.BuildServiceProvider();

        // Validated once, by the registered IValidateOptions, whoever resolves the options first.
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProvisioningOptions>>().Value);

        Assert.Contains(e.Failures, m => m.Contains("LeaseDuration", StringComparison.Ordinal));
        Assert.Contains(e.Failures, m => m.Contains("ReleaseDescriptorAttachment", StringComparison.Ordinal));
    }
}
