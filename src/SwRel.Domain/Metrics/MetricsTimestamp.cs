using System.Globalization;
using SwRel.Domain.Text;

namespace SwRel.Domain.Metrics;

/// <summary>Reads the ISO 8601 timestamps of the metrics CSV files: date, <c>T</c>, time, and an explicit offset.</summary>
internal static class MetricsTimestamp
{
    private static readonly string[] s_formats =
    [
        UtcTimestamp.TrimmedWithOffsetFormat,
        UtcTimestamp.MinuteWithOffsetFormat,
    ];

    public static bool TryParse(string text, out DateTimeOffset instant)
    {
        instant = default;
        if (!HasOffset(text))
        {
            return false;
        }

        // RFC 3339 allows a lower-case z; the format specifier K does not.
        if (text.EndsWith('z'))
        {
            text = string.Concat(text.AsSpan(0, text.Length - 1), "Z");
        }

        if (!DateTimeOffset.TryParseExact(text, s_formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        instant = parsed.ToUniversalTime();
        return true;
    }

    public static string Describe(string text) =>
        HasOffset(text)
            ? $"'{text}' is not an ISO 8601 timestamp; write for example 2012-03-01T09:30:00Z"
            : $"'{text}' has no UTC offset; write it in UTC with a Z, for example 2012-03-01T09:30:00Z";

    // Anything after the date that looks like a zone designator counts as an attempt at an offset, so that
    // "+0200" is reported as malformed rather than as missing.
    private static bool HasOffset(string text) =>
        text.Length > 10 && text.AsSpan(10).IndexOfAny("Zz+-") >= 0;
}
