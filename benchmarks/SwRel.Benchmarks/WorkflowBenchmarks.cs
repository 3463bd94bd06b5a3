using System.Text;
using BenchmarkDotNet.Attributes;
using SwRel.Domain.History;
using SwRel.Domain.Requests;
using SwRel.Domain.Tickets;
using SwRel.Domain.Workflow;

namespace SwRel.Benchmarks;

/// <summary>
/// Transition requests and ticket transitions. Targets: request validation at least 1,000,000 per
/// second on one core with no allocation on the valid path; a full transition (guards, history
/// entry, notification set) under 10 µs and 2 KB.
/// </summary>
[MemoryDiagnoser]
public class WorkflowBenchmarks
{
    private const string FormBody =
        "Ticket_Id=4711&Previous_Rollout_Progress=In+verification&Current_Rollout_Progress=StageRollout&Emergency_Release=No";

    private static readonly byte[] JsonBody = Encoding.UTF8.GetBytes(
        """{"Ticket_Id": 4711, "Previous_Rollout_Progress": "InVerification", "Current_Rollout_Progress": "StageRollout", "Emergency_Release": "No"}""");

    private readonly RolloutWorkflow _workflow = new(new WorkflowOptions(), new InMemoryStageRolloutSlots());
    private readonly TransitionContext _verification = new(RolloutActor.VerificationTeam, ActorName: "qc-alice");
    private Ticket _ticket = null!;
    private RolloutMachine _machine = null!;
    private StateHistory _history = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ticket = _workflow.CreateTicket(4711, MajorRelease.Parse("umd-4"), "provider");
        _workflow.WriteField(_ticket, TicketField.VerificationReport, "https://wiki.example.org/qc/4711", TicketWriter.VerificationTeam);
        _machine = _workflow.CreateMachine(_ticket);
        _workflow.Fire(_ticket, RolloutProgress.Unverified, _verification);
        _workflow.Fire(_ticket, RolloutProgress.InVerification, _verification);
        _history = _ticket.History;
    }

    private void ResetTicket()
    {
        // Internal setters: the ticket goes back to InVerification with its original history, so
        // every invocation does the same work.
        _ticket.RolloutProgress = RolloutProgress.InVerification;
        _ticket.History = _history;
    }

    [Benchmark]
    public bool ValidateFormRequest() => TransitionRequestParser.ParseForm(FormBody).IsValid;

    [Benchmark]
    public bool ValidateJsonRequest() => TransitionRequestParser.ParseJson(JsonBody).IsValid;

    [Benchmark]
    public bool ValidateSeparateValues() =>
        TransitionRequestParser.Validate("4711", "InVerification", "StageRollout", "No").IsValid;

    [Benchmark]
    public TransitionDecision Evaluate() => _workflow.Evaluate(_ticket, RolloutProgress.StageRollout, _verification);

    [Benchmark]
    public TransitionResult FireOnReusedMachine()
    {
        ResetTicket();
        return _machine.Fire(RolloutProgress.WaitingForResponse, _verification);
    }

    [Benchmark]
    public TransitionResult FireBuildingTheMachine()
    {
        ResetTicket();
        return _workflow.Fire(_ticket, RolloutProgress.WaitingForResponse, _verification);
    }
}
