using Microsoft.Extensions.Options;
using SwRel.Domain.Notifications;
using SwRel.Domain.Tickets;

namespace SwRel.Domain.Workflow;

/// <summary>Checks <see cref="WorkflowOptions"/> at start and names every problem at once.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.EmergencyPolicy))
        {
            errors.Add($"EmergencyPolicy {(int)options.EmergencyPolicy} is not FastStagedRollout or StraightToProduction.");
        }

        if (!Enum.IsDefined(options.DefaultReleaseType))
        {
            errors.Add($"DefaultReleaseType {(int)options.DefaultReleaseType} is not Incremental or NonIncremental.");
        }

        CheckName(errors, "AdminCcGroup", options.AdminCcGroup, required: true);
        CheckName(errors, "QcVerificationTaskLeader", options.QcVerificationTaskLeader, required: false);
        CheckName(errors, "StageRolloutTaskLeader", options.StageRolloutTaskLeader, required: false);

        if (options.Notifications is null)
        {
            errors.Add("Notifications must not be null; use an empty matrix to notify nobody.");
        }
        else
        {
            foreach (var (state, rule) in options.Notifications)
            {
                if (!Enum.IsDefined(state))
                {
                    errors.Add($"Notifications has a rule for {(int)state}, which is not a RolloutProgress state.");
                    continue;
                }

                if (rule is null)
                {
                    errors.Add($"Notifications[{state.ToName()}] is null.");
                    continue;
                }

                if ((rule.Notify & ~(NotificationRecipients.Repo | NotificationRecipients.Requestor)) != 0)
                {
                    errors.Add($"Notifications[{state.ToName()}].Notify holds an unknown recipient.");
                }

                foreach (var group in rule.CcGroups ?? [])
                {
                    CheckName(errors, $"Notifications[{state.ToName()}].CcGroups", group, required: true);
                }
            }
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var watcher in options.MandatoryWatchers ?? [])
        {
            CheckName(errors, "MandatoryWatchers", watcher, required: true);
            if (watcher is not null && !seen.Add(watcher))
            {
                errors.Add($"MandatoryWatchers names '{watcher}' twice.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckName(List<string> errors, string option, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required || value is not null)
            {
                errors.Add($"{option} must be a non-empty name.");
            }

            return;
        }

        if (!TicketText.IsCleanName(value))
        {
            errors.Add($"{option} '{value}' must not contain commas, control characters or leading or trailing spaces.");
        }
    }
}
