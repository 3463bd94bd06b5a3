using SwRel.Domain.Workflow;

namespace SwRel.Rt.Guard;

/// <summary>One RolloutProgress change as RT recorded it: from, to, the RT user who made it and when (RT's time, to the second).</summary>
internal readonly record struct RtChange(RolloutProgress From, RolloutProgress To, string User, DateTimeOffset AtUtc);
