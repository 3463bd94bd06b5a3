using System.Globalization;
using System.Text;

namespace SwRel.Rt.Setup;

/// <summary>
/// Writes RT's set-up for the SwRel workflow (SPEC §14): an initialdata file, applied on the RT host with
/// <c>rt-setup-database-5 --action insert --datafile FILE</c>, and a configuration file for <c>RT_SiteConfig.d</c>.
/// </summary>
/// <remarks>
/// The initialdata file creates the <c>sw-rel</c> queue, the SPEC §3 custom fields with their values, the groups
/// <c>sw-rel-qc</c>, <c>sw-rel-sr</c>, <c>sw-rel-production</c> and <c>sw-rel-admin</c> with their rights, and the scrip
/// that posts each RolloutProgress change to the daemon and stores the answer in CommunicationStatus. It checks what exists
/// first, so applying it again changes nothing. The configuration file holds the queue's lifecycle (RT keeps lifecycles
/// in its configuration) and the daemon's URL and credentials, which therefore never enter RT's database; install it
/// before applying the initialdata file. Stateless and thread-safe.
/// </remarks>
public static class RtInitialData
{
    /// <summary>Writes the initialdata file.</summary>
    /// <returns>The file's text (Perl, as RT's initialdata files are).</returns>
    public static string Create()
    {
        var text = new StringBuilder();
        text.Append("""
            # RT set-up for the SwRel software-release workflow, written by `swrel rt initialdata`.
            # Install the configuration file (`swrel rt initialdata --rt-config FILE`) in RT_SiteConfig.d first, then apply:
            #   rt-setup-database-5 --action insert --datafile THIS-FILE
            # Applying it again changes nothing: the code in @Initial leaves out what exists already.

            """);
        text.Append("@Groups = (\n");
        foreach (var group in RtSetupDefinition.Groups)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {{ Name => {Perl(group)}, Description => {Perl(GroupDescription(group))} }},\n");
        }

        text.Append(");\n\n@Queues = (\n");
        text.Append(CultureInfo.InvariantCulture, $"    {{ Name => {Perl(RtSetupDefinition.Queue)}, Description => 'Software releases: submission, verification, staged rollout, production', Lifecycle => {Perl(RtSetupDefinition.Lifecycle)}, CorrespondAddress => '', CommentAddress => '' }},\n");
        text.Append(");\n\n@CustomFields = (\n");
        foreach (var field in RtSetupDefinition.CustomFields)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {{ Name => {Perl(field.Name)}, Type => '{field.Type}Single', LookupType => 'RT::Queue-RT::Ticket', ApplyTo => [{Perl(RtSetupDefinition.Queue)}], Description => {Perl(field.Description)}");
            if (!field.Values.IsDefaultOrEmpty)
            {
                text.Append(", Values => [");
                for (var i = 0; i < field.Values.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}{{ Name => {Perl(field.Values[i])}, SortOrder => {i + 1} }}");
                }

                text.Append(']');
            }

            text.Append(" },\n");
        }

        text.Append(");\n\n@ACL = (\n");
        AppendAcl(text);
        text.Append(");\n\n");
        text.Append(CultureInfo.InvariantCulture, $$"""
            @Scrips = (
                {
                    Description => {{Perl(RtSetupDefinition.ScripDescription)}},
                    Queue => {{Perl(RtSetupDefinition.Queue)}},
                    ScripCondition => 'User Defined',
                    ScripAction => 'User Defined',
                    Template => 'Blank',
                    CustomIsApplicableCode => {{Perl(IsApplicableCode)}},
                    CustomPrepareCode => 'return 1;',
                    CustomCommitCode => {{Perl(CommitCode)}},
                },
            );


            """);
        text.Append(InitialCode);
        text.Append("\n1;\n");
        return text.ToString();
    }

    /// <summary>Writes the configuration file for RT_SiteConfig.d: the queue's lifecycle and how to reach the daemon.</summary>
    /// <param name="daemon">The daemon's URL and credentials.</param>
    /// <returns>The file's text (Perl, as RT's configuration files are).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="daemon"/> is <see langword="null"/>.</exception>
    public static string CreateConfig(RtDaemonConnection daemon)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        return $$"""
            # RT configuration for the SwRel software-release workflow, written by `swrel rt initialdata --rt-config`.
            # Install it in RT_SiteConfig.d on the RT host (readable by RT only: it holds the daemon's token) and restart RT.

            # The repository daemon the sw-rel queue's scrip posts each RolloutProgress change to.
            Set($SwRelDaemonUrl, {{Perl(daemon.TransitionUrl.AbsoluteUri)}});
            Set($SwRelDaemonToken, {{(daemon.BearerToken is null ? "undef" : Perl(daemon.BearerToken))}});
            Set($SwRelDaemonTimeout, {{((int)Math.Ceiling(daemon.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}});

            # The statuses a sw-rel ticket may have: new, open, rejected (a faulty, invalid or duplicate submission) and resolved.
            Set(%Lifecycles,
                {{Perl(RtSetupDefinition.Lifecycle)}} => {
                    initial  => ['new'],
                    active   => ['open'],
                    inactive => ['rejected', 'resolved'],
                    defaults => {
                        on_create => 'new',
                        approved  => 'open',
                        denied    => 'rejected',
                        reminder_on_open    => 'open',
                        reminder_on_resolve => 'resolved',
                    },
                    transitions => {
                        ''       => [qw(new open resolved)],
                        new      => [qw(open rejected resolved)],
                        open     => [qw(resolved)],
                        rejected => [qw(resolved)],
                        resolved => [],
                    },
                    rights  => { '* -> *' => 'ModifyTicket' },
                    actions => [],
                },
            );

            1;

            """;
    }

    private static void AppendAcl(StringBuilder text)
    {
        const string Queue = RtSetupDefinition.Queue;
        Grant(text, "GroupDomain => 'SystemInternal', GroupType => 'Privileged'", $"Queue => {Perl(Queue)}", ["SeeQueue", "CreateTicket"]);
        Grant(text, "GroupDomain => 'RT::Queue-Role', GroupType => 'Requestor'", $"Queue => {Perl(Queue)}", ["ShowTicket", "ReplyToTicket", "CommentOnTicket"]);
        string[] team = ["SeeQueue", "ShowTicket", "ShowTicketComments", "CommentOnTicket", "ReplyToTicket", "ModifyTicket", "OwnTicket", "TakeTicket"];
        Grant(text, Group(RtSetupDefinition.QcGroup), $"Queue => {Perl(Queue)}", team);
        Grant(text, Group(RtSetupDefinition.StageRolloutGroup), $"Queue => {Perl(Queue)}", team);
        Grant(text, Group(RtSetupDefinition.ProductionGroup), $"Queue => {Perl(Queue)}", ["SeeQueue", "ShowTicket"]);
        Grant(text, Group(RtSetupDefinition.AdminGroup), $"Queue => {Perl(Queue)}",
            [.. team, "StealTicket", "Watch", "WatchAsAdminCc", "ShowOutgoingEmail", "ModifyCustomField", "SeeCustomField"]);
        foreach (var group in RtSetupDefinition.Groups)
        {
            // The daemon (a member of sw-rel-admin) reads who is in each team to map an RT user to a workflow actor.
            Grant(text, Group(RtSetupDefinition.AdminGroup), $"Group => {Perl(group)}", ["SeeGroup"]);
        }

        foreach (var field in RtSetupDefinition.CustomFields)
        {
            var cf = $"CF => {Perl(field.Name)}, LookupType => 'RT::Queue-RT::Ticket'";
            Grant(text, "GroupDomain => 'SystemInternal', GroupType => 'Privileged'", cf,
                field.SetByProvider ? ["SeeCustomField", "SetInitialCustomField"] : ["SeeCustomField"]);
            foreach (var writer in field.Writers)
            {
                Grant(text, writer == RtSetupDefinition.RequestorRole ? "GroupDomain => 'RT::System-Role', GroupType => 'Requestor'" : Group(writer), cf, ["ModifyCustomField"]);
            }
        }
    }

    private static string Group(string name) => $"GroupDomain => 'UserDefined', GroupId => {Perl(name)}";

    private static void Grant(StringBuilder text, string principal, string target, string[] rights) =>
        text.Append(CultureInfo.InvariantCulture, $"    {{ {principal}, {target}, Right => [{string.Join(", ", rights.Select(Perl))}] }},\n");

    private static string GroupDescription(string group) => group switch
    {
        RtSetupDefinition.QcGroup => "Quality verification team: verifies submitted releases",
        RtSetupDefinition.StageRolloutGroup => "Stage rollout team: runs the staged rollout with the early adopters",
        RtSetupDefinition.ProductionGroup => "Told when a release enters production",
        _ => "Software release administrators: may do what every team may do",
    };

    /// <summary>A Perl single-quoted string: only the backslash and the quote need escaping there.</summary>
    private static string Perl(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private const string IsApplicableCode = """
        my $txn = $self->TransactionObj;
        return 0 unless $txn->Type eq 'CustomField';
        my $cf = RT::CustomField->new(RT->SystemUser);
        $cf->LoadByName(Name => 'RolloutProgress', LookupType => RT::Ticket->CustomFieldLookupType);
        return $cf->Id && $txn->Field == $cf->Id ? 1 : 0;
        """;

    // Posts the transition request of SPEC §6 plus the RT user who made the change, and stores the daemon's answer in
    // CommunicationStatus as RT's system user (the person who moved the ticket may not write that field).
    private const string CommitCode = """
        my $ticket = $self->TicketObj;
        my $txn = $self->TransactionObj;
        my $url = RT->Config->Get('SwRelDaemonUrl');
        my $status;
        if (!$url) {
            $status = 'RT has no SwRelDaemonUrl in its configuration: the change was not sent to the repository.';
        } else {
            require LWP::UserAgent;
            my $ua = LWP::UserAgent->new(timeout => RT->Config->Get('SwRelDaemonTimeout') || 30);
            my @headers;
            my $token = RT->Config->Get('SwRelDaemonToken');
            push @headers, Authorization => "Bearer $token" if $token;
            my $previous = $txn->OldValue;
            $previous = 'Submitted' unless defined $previous && length $previous;
            my $response = $ua->post($url, [
                Ticket_Id => $ticket->Id,
                Current_Rollout_Progress => $txn->NewValue // '',
                Previous_Rollout_Progress => $previous,
                Emergency_Release => $ticket->FirstCustomFieldValue('EmergencyRelease') || 'No',
                RT_User => $txn->CreatorObj->Name,
            ], @headers);
            my $body = $response->decoded_content // '';
            $body =~ s/^\s+|\s+$//g;
            if ($response->is_success) {
                $status = length $body ? $body : 'OK';
            } elsif (($response->header('Client-Warning') // '') eq 'Internal response') {
                $status = 'The repository at ' . $url . ' could not be reached: ' . $response->status_line;
            } else {
                $status = 'The repository at ' . $url . ' answered ' . $response->status_line . (length $body ? ': ' . $body : '');
            }
        }
        my $cf = RT::CustomField->new(RT->SystemUser);
        $cf->LoadByName(Name => 'CommunicationStatus', LookupType => RT::Ticket->CustomFieldLookupType);
        my $system = RT::Ticket->new(RT->SystemUser);
        $system->Load($ticket->Id);
        $system->AddCustomFieldValue(Field => $cf->Id, Value => $status) if $cf->Id;
        return 1;
        """;

    // Leaves out of the arrays above whatever RT has already, and adds the values and rights an existing field lacks.
    private const string InitialCode = """
        @Initial = (sub {
            my $queue = RT::Queue->new(RT->SystemUser);
            $queue->Load('sw-rel');
            @Queues = () if $queue->Id;

            @Groups = grep {
                my $group = RT::Group->new(RT->SystemUser);
                $group->LoadUserDefinedGroup($_->{Name});
                !$group->Id;
            } @Groups;

            my @new_fields;
            for my $item (@CustomFields) {
                my $cf = RT::CustomField->new(RT->SystemUser);
                $cf->LoadByName(Name => $item->{Name}, LookupType => $item->{LookupType});
                unless ($cf->Id) {
                    push @new_fields, $item;
                    next;
                }
                my %have = map { $_->Name => 1 } @{ $cf->Values->ItemsArrayRef };
                for my $value (@{ $item->{Values} || [] }) {
                    $cf->AddValue(%$value) unless $have{ $value->{Name} };
                }
                $cf->AddToObject($queue) if $queue->Id && !$cf->IsAdded($queue->Id);
            }
            @CustomFields = @new_fields;

            @Scrips = grep {
                my $scrips = RT::Scrips->new(RT->SystemUser);
                $scrips->Limit(FIELD => 'Description', VALUE => $_->{Description});
                !$scrips->Count;
            } @Scrips;

            # A right is left out when the principal has it on that object already; an object that does not exist yet is
            # created by this run, so its rights stay in.
            @ACL = grep {
                my $item = $_;
                my $object;
                if ($item->{CF}) {
                    $object = RT::CustomField->new(RT->SystemUser);
                    $object->LoadByName(Name => $item->{CF}, LookupType => $item->{LookupType});
                } elsif ($item->{Group}) {
                    $object = RT::Group->new(RT->SystemUser);
                    $object->LoadUserDefinedGroup($item->{Group});
                } else {
                    $object = RT::Queue->new(RT->SystemUser);
                    $object->Load($item->{Queue});
                }
                my $principal = RT::Group->new(RT->SystemUser);
                if ($item->{GroupDomain} eq 'UserDefined') {
                    $principal->LoadUserDefinedGroup($item->{GroupId});
                } elsif ($item->{GroupDomain} eq 'SystemInternal') {
                    $principal->LoadSystemInternalGroup($item->{GroupType});
                } elsif ($item->{GroupDomain} eq 'RT::System-Role') {
                    $principal->LoadRoleGroup(Object => RT->System, Name => $item->{GroupType});
                } elsif ($object->Id) {
                    $principal->LoadRoleGroup(Object => $object, Name => $item->{GroupType});
                }
                if ($object->Id && $principal->Id) {
                    # RT records a right of a role under the role's name, and any other group's right under 'Group'.
                    my $type = $principal->Domain =~ /-Role$/ ? $principal->Name : 'Group';
                    $item->{Right} = [ grep {
                        my $ace = RT::ACE->new(RT->SystemUser);
                        $ace->LoadByValues(RightName => $_, PrincipalId => $principal->PrincipalId, PrincipalType => $type, Object => $object);
                        !$ace->Id;
                    } @{ $item->{Right} } ];
                }
                @{ $item->{Right} } > 0;
            } @ACL;
        });

        """;
}
