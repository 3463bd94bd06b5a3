using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SwRel.Domain.Metrics;

/// <summary>A calendar month in UTC, the unit every monthly metric is counted in (SPEC §7).</summary>
/// <remarks>
/// Written and parsed as <c>YYYY-MM</c> (for example <c>2012-03</c>), years 1 to 9999. The month runs from
/// <see cref="StartUtc"/> inclusive to <see cref="EndUtc"/> exclusive. Ordered by year, then month.
/// Immutable and thread-safe. The default value is January of year 1.
/// </remarks>
public readonly record struct UtcMonth : IComparable<UtcMonth>
{
    private readonly int _index;

    private UtcMonth(int index) => _index = index;

    /// <summary>Gets the year, 1 to 9999.</summary>
    public int Year => (_index / 12) + 1;

    /// <summary>Gets the month of the year, 1 to 12.</summary>
    public int Month => (_index % 12) + 1;

    /// <summary>Gets the first instant of the month, in UTC.</summary>
    public DateTimeOffset StartUtc => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the first instant after the month, in UTC (the start of the next month).</summary>
    /// <remarks>For December 9999 this is <see cref="DateTimeOffset.MaxValue"/>.</remarks>
    public DateTimeOffset EndUtc => _index == MaxIndex ? DateTimeOffset.MaxValue : new UtcMonth(_index + 1).StartUtc;

    private const int MaxIndex = (9999 * 12) - 1;

    /// <summary>Creates a month from its year and month of the year.</summary>
    /// <param name="year">The year, 1 to 9999.</param>
    /// <param name="month">The month of the year, 1 to 12.</param>
    /// <returns>The month.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="year"/> or <paramref name="month"/> is out of range.</exception>
    public static UtcMonth Create(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return new UtcMonth(((year - 1) * 12) + month - 1);
    }

    /// <summary>Returns the UTC calendar month that contains <paramref name="instant"/>.</summary>
    /// <param name="instant">An instant with any offset; it is converted to UTC first.</param>
    /// <returns>The month.</returns>
    public static UtcMonth Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new UtcMonth(((utc.Year - 1) * 12) + utc.Month - 1);
    }

    /// <summary>Returns the month after this one.</summary>
    /// <returns>The next month.</returns>
    /// <exception cref="InvalidOperationException">This is December 9999.</exception>
    public UtcMonth Next() =>
        _index == MaxIndex ? throw new InvalidOperationException("December 9999 has no next month.") : new UtcMonth(_index + 1);

    /// <summary>Returns the number of months from <paramref name="from"/> to this month (negative when this month is earlier).</summary>
    /// <param name="from">The month to count from.</param>
    /// <returns>The difference in months.</returns>
    public int MonthsSince(UtcMonth from) => _index - from._index;

    /// <summary>Parses a month written <c>YYYY-MM</c>.</summary>
    /// <param name="text">The text, for example <c>2012-03</c>.</param>
    /// <returns>The month.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not <c>YYYY-MM</c>; the message names the text.</exception>
    public static UtcMonth Parse(string text) =>
        TryParse(text, out var month) ? month : throw new FormatException($"'{text}' is not a month; write YYYY-MM, for example 2012-03.");

    /// <summary>Tries to parse a month written <c>YYYY-MM</c>.</summary>
    /// <param name="text">The text, for example <c>2012-03</c>.</param>
    /// <param name="month">The month, when the text is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is four digits, <c>-</c>, two digits, with a month 01 to 12 and a year from 0001.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out UtcMonth month)
    {
        month = default;
        if (text is null || text.Length != 7 || text[4] != '-')
        {
            return false;
        }

        var span = text.AsSpan();
        if (!IsDigits(span[..4]) || !IsDigits(span[5..]))
        {
            return false;
        }

        var year = int.Parse(span[..4], NumberStyles.None, CultureInfo.InvariantCulture);
        var monthOfYear = int.Parse(span[5..], NumberStyles.None, CultureInfo.InvariantCulture);
        if (year < 1 || monthOfYear is < 1 or > 12)
        {
            return false;
        }

        month = Create(year, monthOfYear);
        return true;
    }

    /// <inheritdoc/>
    public int CompareTo(UtcMonth other) => _index.CompareTo(other._index);

    /// <summary>Returns whether <paramref name="left"/> is earlier than <paramref name="right"/>.</summary>
    /// <param name="left">A month.</param>
    /// <param name="right">Another month.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> comes first.</returns>
    public static bool operator <(UtcMonth left, UtcMonth right) => left._index < right._index;

    /// <summary>Returns whether <paramref name="left"/> is later than <paramref name="right"/>.</summary>
    /// <param name="left">A month.</param>
    /// <param name="right">Another month.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> comes last.</returns>
    public static bool operator >(UtcMonth left, UtcMonth right) => left._index > right._index;

    /// <summary>Returns whether <paramref name="left"/> is the same as or earlier than <paramref name="right"/>.</summary>
    /// <param name="left">A month.</param>
    /// <param name="right">Another month.</param>
    /// <returns><see langword="true"/> unless <paramref name="left"/> comes last.</returns>
    public static bool operator <=(UtcMonth left, UtcMonth right) => left._index <= right._index;

    /// <summary>Returns whether <paramref name="left"/> is the same as or later than <paramref name="right"/>.</summary>
    /// <param name="left">A month.</param>
    /// <param name="right">Another month.</param>
    /// <returns><see langword="true"/> unless <paramref name="left"/> comes first.</returns>
    public static bool operator >=(UtcMonth left, UtcMonth right) => left._index >= right._index;

    /// <summary>Returns the month as <c>YYYY-MM</c>.</summary>
    /// <returns>For example <c>2012-03</c>.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
