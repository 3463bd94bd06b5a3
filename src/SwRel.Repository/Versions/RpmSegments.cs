namespace SwRel.Repository.Versions;

/// <summary>rpm's <c>rpmvercmp</c> ordering of one version or release field, on spans.</summary>
/// <remarks>
/// A field is read as a sequence of tokens: runs of ASCII digits, runs of ASCII letters, <c>~</c> and <c>^</c>;
/// every other character only separates tokens. Token order: <c>~</c> &lt; end &lt; <c>^</c> &lt; letters &lt; digits;
/// digit runs compare as numbers of any length, letter runs ordinally. Two fields are equal exactly when their
/// token sequences are equal, which is what <see cref="AddToHash"/> hashes.
/// </remarks>
internal static class RpmSegments
{
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b))
        {
            return 0;
        }

        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && IsSeparator(a[i]))
            {
                i++;
            }

            while (j < b.Length && IsSeparator(b[j]))
            {
                j++;
            }

            var endA = i >= a.Length;
            var endB = j >= b.Length;
            var ca = endA ? '\0' : a[i];
            var cb = endB ? '\0' : b[j];

            // '~' sorts before everything, even the end of the field.
            if (ca == '~' || cb == '~')
            {
                if (ca != '~')
                {
                    return 1;
                }

                if (cb != '~')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            // '^' sorts after the end of the field but before anything else.
            if (ca == '^' || cb == '^')
            {
                if (endA)
                {
                    return -1;
                }

                if (endB)
                {
                    return 1;
                }

                if (ca != '^')
                {
                    return 1;
                }

                if (cb != '^')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            if (endA || endB)
            {
                break;
            }

            int startA = i, startB = j;
            var isNumber = char.IsAsciiDigit(ca);
            if (isNumber)
            {
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }
            }
            else
            {
                while (i < a.Length && char.IsAsciiLetter(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiLetter(b[j]))
                {
                    j++;
                }
            }

            // The other side holds a segment of the other kind: a number beats letters.
            if (startB == j)
            {
                return isNumber ? 1 : -1;
            }

            var segmentA = a[startA..i];
            var segmentB = b[startB..j];
            if (isNumber)
            {
                segmentA = segmentA.TrimStart('0');
                segmentB = segmentB.TrimStart('0');
                if (segmentA.Length != segmentB.Length)
                {
                    return segmentA.Length > segmentB.Length ? 1 : -1;
                }
            }

            var order = segmentA.SequenceCompareTo(segmentB);
            if (order != 0)
            {
                return order < 0 ? -1 : 1;
            }
        }

        var restA = i < a.Length;
        var restB = j < b.Length;
        if (!restA && !restB)
        {
            return 0;
        }

        return restA ? 1 : -1;
    }

    public static void AddToHash(ref HashCode hash, ReadOnlySpan<char> field)
    {
        var i = 0;
        while (i < field.Length)
        {
            var c = field[i];
            if (c == '~')
            {
                hash.Add(1);
                i++;
            }
            else if (c == '^')
            {
                hash.Add(2);
                i++;
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < field.Length && char.IsAsciiDigit(field[i]))
                {
                    i++;
                }

                hash.Add(3);
                foreach (var digit in field[start..i].TrimStart('0'))
                {
                    hash.Add(digit);
                }
            }
            else if (char.IsAsciiLetter(c))
            {
                hash.Add(4);
                while (i < field.Length && char.IsAsciiLetter(field[i]))
                {
                    hash.Add(field[i]);
                    i++;
                }
            }
            else
            {
                i++;
            }
        }

        hash.Add(5);
    }

    private static bool IsSeparator(char c) => !char.IsAsciiLetterOrDigit(c) && c != '~' && c != '^';
}
