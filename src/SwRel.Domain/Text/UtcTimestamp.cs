using System.Globalization;

namespace SwRel.Domain.Text;

/// <summary>
/// The one spelling of a UTC instant in SwRel's files and outputs: ISO 8601 date, <c>T</c>, time to
/// the second, a fraction of up to seven digits and <c>Z</c>, for example <c>2024-03-01T12:00:00.1234567Z</c>.
/// </summary>
/// <remarks>
/// <see cref="Format"/> always writes seven fraction digits (fixed width, nothing lost);
/// <see cref="FormatTrimmed"/> drops trailing zero digits and, for a whole second, the point too.
/// Both use the invariant culture and convert the instant to UTC first. Stateless and thread-safe.
/// </remarks>
public static class UtcTimestamp
{
    /// <summary>Seven fraction digits, always: <c>2024-03-01T12:00:00.0000000Z</c>.</summary>
    internal const string FixedFormat = DateAndTime + "'.'fffffff'Z'";

    /// <summary>Up to seven fraction digits, trailing zeros (and a bare point) dropped: <c>2024-03-01T12:00:00Z</c>.</summary>
    internal const string TrimmedFormat = DateAndTime + ".FFFFFFF'Z'";

    /// <summary>As <see cref="TrimmedFormat"/> but with any explicit offset (<c>Z</c>, <c>+02:00</c>) for reading.</summary>
    internal const string TrimmedWithOffsetFormat = DateAndTime + ".FFFFFFFK";

    /// <summary>To the minute with any explicit offset, for reading: <c>2012-03-01T09:30Z</c>.</summary>
    internal const string MinuteWithOffsetFormat = "yyyy'-'MM'-'dd'T'HH':'mmK";

    private const string DateAndTime = "yyyy'-'MM'-'dd'T'HH':'mm':'ss";

    /// <summary>Writes <paramref name="instant"/> in UTC with all seven fraction digits.</summary>
    /// <param name="instant">The instant; its offset is applied first.</param>
    /// <returns>For example <c>2024-03-01T12:00:00.1230000Z</c>.</returns>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(FixedFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="instant"/> in UTC with only the fraction digits it needs.</summary>
    /// <param name="instant">The instant; its offset is applied first.</param>
    /// <returns>For example <c>2024-03-01T12:00:00.123Z</c>, or <c>2024-03-01T12:00:00Z</c> for a whole second.</returns>
    public static string FormatTrimmed(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(TrimmedFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a UTC instant written by <see cref="Format"/> or <see cref="FormatTrimmed"/> (0 to 7 fraction digits, <c>Z</c>).</summary>
    /// <param name="text">The text to read.</param>
    /// <param name="instant">The instant, with offset zero; default when the text does not match.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> matches.</returns>
    internal static bool TryParse(string text, out DateTimeOffset instant)
    {
        if (!DateTime.TryParseExact(text, TrimmedFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            instant = default;
            return false;
        }

        instant = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        return true;
    }
}
