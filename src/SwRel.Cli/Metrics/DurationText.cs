namespace SwRel.Cli.Metrics;

/// <summary>Formats durations for people: <c>3d 4h</c>, <c>5h 12m</c>, <c>45m</c>.</summary>
internal static class DurationText
{
    public static string Human(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "-";
        }

        var sign = d < TimeSpan.Zero ? "-" : "";
        var a = d.Duration();
        var text = a.TotalDays >= 1 ? $"{(int)a.TotalDays}d {a.Hours}h"
            : a.TotalHours >= 1 ? $"{a.Hours}h {a.Minutes}m"
            : a.TotalMinutes >= 1 ? $"{a.Minutes}m"
            : $"{a.Seconds}s";
        return sign + text;
    }
}
