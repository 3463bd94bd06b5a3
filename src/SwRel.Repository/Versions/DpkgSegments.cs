namespace SwRel.Repository.Versions;

/// <summary>dpkg's <c>verrevcmp</c> ordering of an upstream version or a revision, on spans.</summary>
/// <remarks>
/// The field alternates non-digit runs and digit runs. Non-digit runs compare character by character with
/// dpkg's weights (<c>~</c> −1, end of run 0, letters their own code, anything else its code + 256); digit runs
/// compare as numbers of any length, an empty run counting as 0. So <c>1.0</c> equals <c>1.00</c> and an empty
/// revision equals <c>0</c>, which is what <see cref="AddToHash"/> respects.
/// </remarks>
internal static class DpkgSegments
{
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var firstDifference = 0;
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var weightA = i < a.Length ? Weight(a[i]) : 0;
                var weightB = j < b.Length ? Weight(b[j]) : 0;
                if (weightA != weightB)
                {
                    return weightA < weightB ? -1 : 1;
                }

                i++;
                j++;
            }

            while (i < a.Length && a[i] == '0')
            {
                i++;
            }

            while (j < b.Length && b[j] == '0')
            {
                j++;
            }

            while (i < a.Length && char.IsAsciiDigit(a[i]) && j < b.Length && char.IsAsciiDigit(b[j]))
            {
                if (firstDifference == 0)
                {
                    firstDifference = a[i] - b[j];
                }

                i++;
                j++;
            }

            if (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                return 1;
            }

            if (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                return -1;
            }

            if (firstDifference != 0)
            {
                return firstDifference < 0 ? -1 : 1;
            }
        }

        return 0;
    }

    public static void AddToHash(ref HashCode hash, ReadOnlySpan<char> field)
    {
        var i = 0;
        while (i < field.Length)
        {
            var runStart = i;
            while (i < field.Length && !char.IsAsciiDigit(field[i]))
            {
                i++;
            }

            var run = field[runStart..i];
            var digitStart = i;
            while (i < field.Length && char.IsAsciiDigit(field[i]))
            {
                i++;
            }

            var number = field[digitStart..i].TrimStart('0');

            // A pair of an empty run and a zero number is what the end of a field compares as.
            if (run.IsEmpty && number.IsEmpty)
            {
                continue;
            }

            foreach (var c in run)
            {
                hash.Add(c);
            }

            hash.Add(-1);
            foreach (var c in number)
            {
                hash.Add(c);
            }

            hash.Add(-2);
        }

        hash.Add(-3);
    }

    private static int Weight(char c)
    {
        if (char.IsAsciiDigit(c))
        {
            return 0;
        }

        if (char.IsAsciiLetter(c))
        {
            return c;
        }

        return c == '~' ? -1 : c + 256;
    }
}
