using SwRel.Domain.Workflow;

namespace SwRel.Cli.Demo;

/// <summary>One step of the demo's walk: who moves the ticket where, and which report field they set first.</summary>
internal sealed record DemoWalk(RolloutProgress To, RolloutActor Actor, string? ReportField, string? ReportUrl)
{
    /// <summary>Submitted → Unverified → InVerification → StageRollout → Production, as the teams do it.</summary>
    public static IReadOnlyList<DemoWalk> Steps { get; } =
    [
        new(RolloutProgress.Unverified, RolloutActor.VerificationTeam, null, null),
        new(RolloutProgress.InVerification, RolloutActor.VerificationTeam, null, null),
        new(RolloutProgress.StageRollout, RolloutActor.VerificationTeam, "VerificationReport", "https://verification.example.org/reports/argus-1.7.3"),
        new(RolloutProgress.Production, RolloutActor.StageRolloutTeam, "StageRolloutReport", "https://staged-rollout.example.org/reports/argus-1.7.3"),
    ];
}
