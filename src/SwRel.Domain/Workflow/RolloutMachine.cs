using Stateless;
using SwRel.Domain.Tickets;

namespace SwRel.Domain.Workflow;

/// <summary>
/// A Stateless state machine over one <see cref="Ticket"/>, configured from <see cref="TransitionTable"/>:
/// one trigger per row (the row number), each guarded by the row's conditions. The state lives in the
/// ticket (external state storage), so the machine can be dropped and rebuilt at any time.
/// </summary>
/// <remarks>
/// Not thread-safe: fire one transition at a time. Build it once per ticket with
/// <see cref="RolloutWorkflow.CreateMachine"/> and reuse it to avoid the construction cost.
/// </remarks>
public sealed class RolloutMachine
{
    private readonly RolloutWorkflow _workflow;
    private readonly StateMachine<RolloutProgress, int> _machine;
    private TransitionContext _pending;

    internal RolloutMachine(RolloutWorkflow workflow, Ticket ticket, bool currentStateOnly = false)
    {
        // A one-shot machine (RolloutWorkflow.Fire) needs only the rows leaving the ticket's state.
        var only = currentStateOnly ? ticket.RolloutProgress : (RolloutProgress?)null;
        _workflow = workflow;
        Ticket = ticket;
        _machine = new StateMachine<RolloutProgress, int>(() => ticket.RolloutProgress, state => ticket.RolloutProgress = state);
        foreach (var rule in TransitionTable.Rules)
        {
            foreach (var source in RolloutProgressText.All)
            {
                if (!rule.AppliesFrom(source) || (only is { } state && state != source))
                {
                    continue;
                }

                var configuration = _machine.Configure(source);
                var row = rule;
                if (rule.TargetKind == TransitionTargetKind.Fixed)
                {
                    configuration.PermitIf(rule.Number, rule.To!.Value, () => Guard(row), rule.Description);
                }
                else
                {
                    configuration.PermitDynamicIf(rule.Number, () => _workflow.DynamicTarget(row, Ticket), () => Guard(row), rule.Description);
                }
            }
        }

        // Every refusal is decided (and explained) before Stateless is asked; nothing reaches here.
        _machine.OnUnhandledTrigger(static (_, _) => { });
    }

    /// <summary>Gets the ticket whose state the machine reads and writes.</summary>
    public Ticket Ticket { get; }

    /// <summary>Gets the underlying Stateless machine, whose triggers are the table's row numbers (for inspection and Stateless's own graph export).</summary>
    public StateMachine<RolloutProgress, int> StateMachine => _machine;

    /// <summary>Moves the ticket to <paramref name="target"/> when the table permits it; otherwise returns the refusal.</summary>
    /// <param name="target">The requested state.</param>
    /// <param name="context">Who asks, with the reason where needed.</param>
    /// <returns>The applied transition (history entry, notifications, RT status) or the refusal with its reason.</returns>
    public TransitionResult Fire(RolloutProgress target, TransitionContext context)
    {
        var decision = _workflow.Evaluate(Ticket, target, context);
        if (!decision.IsPermitted)
        {
            return TransitionResult.Refused(decision, Ticket.Status);
        }

        var from = Ticket.RolloutProgress;
        _pending = context;
        try
        {
            _machine.Fire(decision.Rule!.Number);
        }
        finally
        {
            _pending = default;
        }

        if (Ticket.RolloutProgress != target)
        {
            return TransitionResult.Refused(
                decision with { Rule = null, Reason = $"the state machine did not move the ticket from {from.ToName()} to {target.ToName()}" },
                Ticket.Status);
        }

        return _workflow.Complete(Ticket, decision, context, from);
    }

    private bool Guard(TransitionRule rule) => _workflow.Check(rule, Ticket, _pending) is null;
}
