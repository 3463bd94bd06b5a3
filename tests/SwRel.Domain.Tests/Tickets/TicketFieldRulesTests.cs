using SwRel.Domain.Tests.Workflow;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Tickets;

public sealed class TicketFieldRulesTests
{
    // SPEC §3: "A write by the wrong actor fails with a message naming the field, the actor and who
    // may write it (never a bare "Permission Denied")."
    [Fact]
    public void A_wrong_writer_is_told_the_field_and_who_may_write_it()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.InVerification);
        var result = workflow.WriteField(ticket, TicketField.VerificationReport, "https://wiki.example.org/qc", TicketWriter.StageRolloutTeam);
        Assert.Equal("StageRolloutTeam may not write VerificationReport; it is written by VerificationTeam or Admin.", result.Error);
    }

    // SPEC §3: "SoftwareProvider fields are frozen once the ticket leaves Submitted."
    [Fact]
    public void Provider_fields_are_frozen_after_Submitted()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        Assert.True(workflow.WriteField(ticket, TicketField.EmergencyRelease, "Yes", TicketWriter.SoftwareProvider).Succeeded);
        Assert.True(ticket.EmergencyRelease);

        workflow.Fire(ticket, RolloutProgress.Unverified, new TransitionContext(RolloutActor.VerificationTeam));
        var frozen = workflow.WriteField(ticket, TicketField.EmergencyRelease, "No", TicketWriter.SoftwareProvider);
        Assert.StartsWith("EmergencyRelease is frozen: the ticket left Submitted", frozen.Error, StringComparison.Ordinal);
        Assert.True(ticket.EmergencyRelease);
    }

    // SPEC §3: SyncURL is "absolute URI whose scheme matches SyncProtocol (rsync: rsync://host/path or host::module/path)".
    [Theory]
    [InlineData("rsync", "rsync://mirror.example.org/releases/argus", true)]
    [InlineData("rsync", "mirror.example.org::releases/argus", true)]
    [InlineData("rsync", "https://mirror.example.org/argus", true)] // switches SyncProtocol to https with it
    [InlineData("https", "mirror.example.org::", false)]
    [InlineData("https", "https://mirror.example.org/argus", true)]
    [InlineData("http", "not a url", false)]
    public void SyncURL_must_match_the_SyncProtocol(string protocol, string url, bool ok)
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        Assert.True(workflow.WriteField(ticket, TicketField.SyncProtocol, protocol, TicketWriter.SoftwareProvider).Succeeded);
        Assert.Equal(ok, workflow.WriteField(ticket, TicketField.SyncUrl, url, TicketWriter.SoftwareProvider).Succeeded);
    }

    // SPEC §3: SyncURL is an "absolute URI whose scheme matches SyncProtocol" — whichever of the two is written last.
    [Fact]
    public void Changing_SyncProtocol_to_one_the_SyncURL_does_not_match_is_refused()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        Assert.True(workflow.WriteField(ticket, TicketField.SyncUrl, "rsync://mirror.example.org/releases/argus", TicketWriter.SoftwareProvider).Succeeded);
        var result = workflow.WriteField(ticket, TicketField.SyncProtocol, "https", TicketWriter.SoftwareProvider);
        Assert.Equal(
            "SyncProtocol 'https' does not match the SyncURL 'rsync://mirror.example.org/releases/argus', which has the scheme rsync, but SyncProtocol is https; write a SyncURL of the new protocol instead, which sets SyncProtocol with it.",
            result.Error);
        Assert.Equal(SyncProtocol.Rsync, ticket.SyncProtocol);
        Assert.True(workflow.WriteField(ticket, TicketField.SyncProtocol, "RSYNC", TicketWriter.SoftwareProvider).Succeeded);
    }

    // SPEC §3: SyncURL "null allowed: no". The way out of the check above is a SyncURL of the new protocol,
    // which switches SyncProtocol with it.
    [Fact]
    public void A_provider_switches_the_protocol_by_writing_a_SyncURL_of_the_new_protocol()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        Assert.True(workflow.WriteField(ticket, TicketField.SyncUrl, "rsync://mirror.example.org/releases/argus", TicketWriter.SoftwareProvider).Succeeded);
        Assert.True(workflow.WriteField(ticket, TicketField.SyncUrl, "https://mirror.example.org/argus", TicketWriter.SoftwareProvider).Succeeded);
        Assert.Equal(SyncProtocol.Https, ticket.SyncProtocol);
        Assert.Equal("https://mirror.example.org/argus", ticket.SyncUrl);
    }

    // SPEC §3: SyncURL "null allowed: no", also while Submitted.
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void SyncURL_cannot_be_cleared_while_Submitted(string? value)
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        Assert.True(workflow.WriteField(ticket, TicketField.SyncUrl, "rsync://mirror.example.org/releases/argus", TicketWriter.SoftwareProvider).Succeeded);
        var result = workflow.WriteField(ticket, TicketField.SyncUrl, value, TicketWriter.SoftwareProvider);
        Assert.False(result.Succeeded);
        Assert.Contains("SyncURL cannot be cleared", result.Error, StringComparison.Ordinal);
        Assert.Equal("rsync://mirror.example.org/releases/argus", ticket.SyncUrl);
    }

    // SPEC §3: RepositoryURL may be null "until Unverified": in Failed only when the failed transition started in Submitted.
    [Theory]
    [InlineData(RolloutProgress.Submitted, RolloutProgress.Unverified, true)]
    [InlineData(RolloutProgress.StageRollout, RolloutProgress.Production, false)]
    [InlineData(RolloutProgress.Unverified, RolloutProgress.InVerification, false)]
    public void RepositoryURL_is_cleared_in_Failed_only_when_the_failure_was_the_first_download(
        RolloutProgress failedFrom, RolloutProgress failedTo, bool cleared)
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Failed, failed: new FailedTransition(failedFrom, failedTo, "boom"));
        ticket.RepositoryUrl = "sw/production/umd/4/sl6/x86_64/updates";
        var result = workflow.WriteField(ticket, TicketField.RepositoryUrl, "", TicketWriter.Repo);
        Assert.Equal(cleared, result.Succeeded);
        Assert.Equal(cleared ? null : "sw/production/umd/4/sl6/x86_64/updates", ticket.RepositoryUrl);
        if (!cleared)
        {
            Assert.Equal(
                $"RepositoryURL may be empty only until the ticket is Unverified; it is Failed after {failedFrom.ToName()} → {failedTo.ToName()}, so the release was already in the repository.",
                result.Error);
        }
    }

    [Theory]
    [InlineData(TicketField.VerificationReport, "ftp://x.example.org/report", TicketWriter.VerificationTeam)]
    [InlineData(TicketField.ReleaseMetadata, "release.json", TicketWriter.SoftwareProvider)]
    [InlineData(TicketField.AssociatedMajorRelease, "umd", TicketWriter.SoftwareProvider)]
    [InlineData(TicketField.ReleaseType, "Delta", TicketWriter.SoftwareProvider)]
    [InlineData(TicketField.RepositoryUrl, "/sw/unverified", TicketWriter.Repo)]
    [InlineData(TicketField.RepositoryUrl, "sw/../etc", TicketWriter.Repo)]
    public void Invalid_values_are_refused_with_the_field_named(TicketField field, string value, TicketWriter writer)
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        var result = workflow.WriteField(ticket, field, value, writer);
        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    // SPEC §2.2: "deleted and stalled do not apply and are refused."
    [Theory]
    [InlineData("deleted")]
    [InlineData("stalled")]
    public void Deleted_and_stalled_statuses_are_refused(string status)
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        var result = workflow.WriteField(ticket, TicketField.Status, status, TicketWriter.Admin);
        Assert.Contains("does not apply", result.Error, StringComparison.Ordinal);
    }

    // SPEC §2.2: "RT-level rejected (faulty, invalid or duplicate ticket) is allowed only while the
    // ticket is Submitted and moves it to Rejected."
    [Fact]
    public void RT_rejected_moves_a_Submitted_ticket_to_Rejected_and_nothing_else()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        var result = workflow.WriteField(ticket, TicketField.Status, "rejected", TicketWriter.VerificationTeam);
        Assert.True(result.Succeeded);
        Assert.Equal(RolloutProgress.Rejected, ticket.RolloutProgress);
        // SPEC §2.2: Rejected is terminal, "so the ticket ends resolved".
        Assert.Equal(TicketStatus.Resolved, ticket.Status);
        Assert.Equal(RolloutProgress.Rejected, result.Transition!.HistoryEntry!.Value.State);

        var later = Fixtures.TicketIn(workflow, RolloutProgress.InVerification);
        Assert.Contains("only while the ticket is Submitted", workflow.WriteField(later, TicketField.Status, "rejected", TicketWriter.Admin).Error, StringComparison.Ordinal);
    }

    // SPEC §2.2: "setting an owner makes it open".
    [Fact]
    public void Setting_an_owner_opens_a_new_ticket()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.True(workflow.WriteField(ticket, TicketField.Owner, "bob", TicketWriter.Admin).Succeeded);
        Assert.Equal(TicketStatus.Open, ticket.Status);
    }

    // SPEC §4: "Mandatory watchers (options) are always present and cannot be removed."
    [Fact]
    public void Mandatory_watchers_are_present_from_the_start_and_cannot_be_removed()
    {
        var workflow = Fixtures.Workflow(configure: o => o.MandatoryWatchers = ["sw-rel-admin", "egi-ops"]);
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        Assert.Equal(["sw-rel-admin", "egi-ops"], ticket.Watchers.ToArray());
        var result = workflow.WriteField(ticket, TicketField.Watchers, "sw-rel-admin, carol", TicketWriter.Admin);
        Assert.Equal("Watchers must keep the mandatory watchers egi-ops; they cannot be removed.", result.Error);
        Assert.True(workflow.WriteField(ticket, TicketField.Watchers, "sw-rel-admin, egi-ops, carol", TicketWriter.Admin).Succeeded);
        Assert.Equal(3, ticket.Watchers.Length);
    }

    // SPEC §4: "Mandatory watchers (options) are always present and cannot be removed" — also on a loaded ticket.
    [Fact]
    public void A_ticket_loaded_through_the_workflow_gets_the_mandatory_watchers_its_record_lacks()
    {
        var workflow = Fixtures.Workflow(configure: o => o.MandatoryWatchers = ["sw-rel-admin", "egi-ops"]);
        var record = new TicketRecord
        {
            Id = 9,
            AssociatedMajorRelease = MajorRelease.Parse("umd-4"),
            RolloutProgress = RolloutProgress.InVerification,
            Watchers = ["carol", "SW-REL-ADMIN"],
        };
        var ticket = workflow.LoadTicket(record);
        Assert.Equal(["carol", "SW-REL-ADMIN", "egi-ops"], ticket.Watchers.ToArray());
        Assert.Equal(RolloutProgress.InVerification, ticket.RolloutProgress);
    }

    [Fact]
    public void RolloutProgress_is_not_written_as_a_field()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Submitted);
        Assert.Contains("ask for a transition", workflow.WriteField(ticket, TicketField.RolloutProgress, "Production", TicketWriter.Admin).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ticket_saved_as_a_record_loads_back_with_every_value()
    {
        var workflow = Fixtures.Workflow();
        var ticket = Fixtures.TicketIn(workflow, RolloutProgress.Failed, emergency: true);
        workflow.WriteField(ticket, TicketField.Owner, "bob", TicketWriter.Admin);
        var record = ticket.ToRecord();
        var loaded = Ticket.FromRecord(record);
        Assert.Equal(record, loaded.ToRecord());
        Assert.Equal(RolloutProgress.Failed, loaded.RolloutProgress);
        Assert.Equal(ticket.FailedTransition, loaded.FailedTransition);
        Assert.True(workflow.Fire(loaded, RolloutProgress.StageRollout, new TransitionContext(RolloutActor.Admin)).IsApplied);
    }
}
