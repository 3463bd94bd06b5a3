namespace SwRel.Domain.Metrics;

/// <summary>Orders ticket ids numerically when both are numbers (RT ids), otherwise ordinally; numbers first.</summary>
internal sealed class TicketComparer : IComparer<string>
{
    public static readonly TicketComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var xNumber = IsNumber(x);
        var yNumber = IsNumber(y);
        if (xNumber && yNumber)
        {
            var xs = x.AsSpan().TrimStart('0');
            var ys = y.AsSpan().TrimStart('0');
            var byLength = xs.Length.CompareTo(ys.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            var byDigits = xs.SequenceCompareTo(ys);
            return byDigits != 0 ? byDigits : string.CompareOrdinal(x, y);
        }

        return xNumber != yNumber ? (xNumber ? -1 : 1) : string.CompareOrdinal(x, y);
    }

    private static bool IsNumber(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
