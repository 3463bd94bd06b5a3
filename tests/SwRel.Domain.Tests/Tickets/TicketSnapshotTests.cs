using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Tests.Tickets;

public sealed class TicketSnapshotTests
{
    private static readonly DateTimeOffset Since = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static TicketSnapshot Read(Dictionary<string, string> fields, FailedTransition? failed = null) =>
        TicketSnapshot.FromTicketSystem(7, RolloutProgress.InVerification, Since, fields, failed);

    // SPEC §3: the fields by their names, with their defaults: SyncProtocol rsync, EmergencyRelease No.
    [Fact]
    public void A_ticket_systems_text_fields_become_typed_values_with_the_SPEC_defaults()
    {
        var failed = new FailedTransition(RolloutProgress.Submitted, RolloutProgress.Unverified, "timeout.");
        var ticket = Read(new() { ["associatedmajorrelease"] = " UMD-04 ", ["SyncURL"] = "rsync://mirror.example.org/argus" }, failed);

        Assert.Empty(ticket.Problems);
        Assert.Equal("umd-4", ticket.AssociatedMajorRelease!.Name);
        Assert.Equal(SyncProtocol.Rsync, ticket.SyncProtocol);
        Assert.Equal("rsync://mirror.example.org/argus", ticket.SyncUrl);
        Assert.False(ticket.EmergencyRelease);
        Assert.Null(ticket.ReleaseType);
        Assert.Equal((7, RolloutProgress.InVerification, Since), (ticket.Id, ticket.RolloutProgress, ticket.RolloutProgressSinceUtc));
        Assert.Same(failed, ticket.LastFailedTransition);
        Assert.Equal(0, ticket.History.Count);
    }

    [Fact]
    public void Typed_values_are_read_from_their_SPEC_names()
    {
        var history = "state,entered_at_utc,actor\r\nSubmitted,2024-03-01T09:00:00.0000000Z,provider\r\nInVerification,2024-03-02T09:00:00.0000000Z,Repo\r\n";
        var ticket = Read(new()
        {
            [TicketField.AssociatedMajorRelease.ToName()] = "cmd-os-1",
            [TicketField.SyncProtocol.ToName()] = "HTTPS",
            [TicketField.ReleaseType.ToName()] = "Incremental",
            [TicketField.EmergencyRelease.ToName()] = "yes",
            [TicketField.RepositoryUrl.ToName()] = "sw/unverified/cmd-os-1/argus",
            [TicketField.StateHistory.ToName()] = history,
        });

        Assert.Empty(ticket.Problems);
        Assert.Equal((SyncProtocol.Https, ReleaseType.Incremental, true), (ticket.SyncProtocol, ticket.ReleaseType, ticket.EmergencyRelease));
        Assert.Equal("sw/unverified/cmd-os-1/argus", ticket.RepositoryUrl);
        Assert.Equal([RolloutProgress.Submitted, RolloutProgress.InVerification], ticket.History.Path.ToArray());
    }

    // Every field that is not valid is named, all at once, and the ticket is still read.
    [Fact]
    public void Every_field_that_is_not_valid_is_named_in_the_problems()
    {
        var ticket = Read(new()
        {
            ["AssociatedMajorRelease"] = "umd",
            ["SyncProtocol"] = "scp",
            ["ReleaseType"] = "Big",
            ["EmergencyRelease"] = "Maybe",
            ["StateHistory"] = "not,a,history",
        });

        Assert.Equal(5, ticket.Problems.Length);
        Assert.Contains(ticket.Problems, p => p.Contains("AssociatedMajorRelease 'umd'", StringComparison.Ordinal));
        Assert.Contains(ticket.Problems, p => p.Contains("SyncProtocol 'scp'", StringComparison.Ordinal));
        Assert.Contains(ticket.Problems, p => p.Contains("ReleaseType 'Big'", StringComparison.Ordinal));
        Assert.Contains(ticket.Problems, p => p.Contains("EmergencyRelease 'Maybe' is neither Yes nor No", StringComparison.Ordinal));
        Assert.Contains(ticket.Problems, p => p.Contains("StateHistory", StringComparison.Ordinal));
        Assert.Null(ticket.AssociatedMajorRelease);
    }

    [Fact]
    public void A_missing_AssociatedMajorRelease_is_reported()
    {
        Assert.Contains("AssociatedMajorRelease is missing", Assert.Single(Read(new() { ["SyncProtocol"] = "file" }).Problems), StringComparison.Ordinal);
    }
}
