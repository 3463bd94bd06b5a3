namespace SwRel.Domain.Metrics;

/// <summary>The identifiers of the release metrics, as SPEC §7 and the EGI SLA name them.</summary>
public static class MetricIds
{
    /// <summary>Releases delivered: tickets created in the month.</summary>
    public const string Repo1 = "M.REPO-1";

    /// <summary>Releases that passed quality verification in the month.</summary>
    public const string Repo2 = "M.REPO-2";

    /// <summary>Releases that passed staged rollout in the month.</summary>
    public const string Repo3 = "M.REPO-3";

    /// <summary>Per release: distinct early-adopter teams that reported on it.</summary>
    public const string Sa13_1 = "M.SA1.3-1";

    /// <summary>Per month: releases that entered Production from StageRollout.</summary>
    public const string Sa13_2 = "M.SA1.3-2";

    /// <summary>Per month: releases that entered Rejected from StageRollout.</summary>
    public const string Sa13_3 = "M.SA1.3-3";

    /// <summary>Per release: time from the last StageRollout entry to Production.</summary>
    public const string Sa13_4 = "M.SA1.3-4";

    /// <summary>Per release: time from Production to the StageRolloutReport being set.</summary>
    public const string Sa13_5 = "M.SA1.3-5";

    /// <summary>Per early-adopter team per month: distinct releases it reported on.</summary>
    public const string Sa13_6 = "M.SA1.3-6";

    /// <summary>Per NGI per month: distinct releases its teams reported on.</summary>
    public const string Sa13_7 = "M.SA1.3-7";
}
