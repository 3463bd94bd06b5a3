namespace SwRel.Repository.Versions;

/// <summary>The numbers of a semantic version and where its pre-release and build metadata lie in its text.</summary>
/// <param name="Major">The major version.</param>
/// <param name="Minor">The minor version.</param>
/// <param name="Patch">The patch version.</param>
/// <param name="PrereleaseStart">Offset of the pre-release (after <c>-</c>), or -1.</param>
/// <param name="PrereleaseLength">Length of the pre-release.</param>
/// <param name="BuildStart">Offset of the build metadata (after <c>+</c>), or -1.</param>
internal readonly record struct SemVerParts(ulong Major, ulong Minor, ulong Patch, int PrereleaseStart, int PrereleaseLength, int BuildStart)
{
    public ReadOnlySpan<char> Prerelease(ReadOnlySpan<char> text) => PrereleaseStart < 0 ? default : text.Slice(PrereleaseStart, PrereleaseLength);

    /// <summary>Reads the text by the grammar of Semantic Versioning 2.0.0, or says what is wrong and where.</summary>
    /// <param name="text">The text.</param>
    /// <param name="parts">The parts, when the text is valid.</param>
    /// <param name="error">What is wrong.</param>
    /// <param name="where">The offending part of the text, as (offset, length).</param>
    /// <returns><see langword="true"/> when the text is a semantic version.</returns>
    public static bool TryRead(ReadOnlySpan<char> text, out SemVerParts parts, out SemVerSyntaxError error, out (int Start, int Length) where)
    {
        parts = default;
        where = (0, text.Length);
        if (text.IsEmpty)
        {
            error = SemVerSyntaxError.Empty;
            return false;
        }

        var plus = text.IndexOf('+');
        var buildStart = -1;
        var end = text.Length;
        if (plus >= 0)
        {
            buildStart = plus + 1;
            end = plus;
            if (buildStart == text.Length)
            {
                error = SemVerSyntaxError.EmptyBuild;
                return false;
            }

            if (!TryReadIdentifiers(text, buildStart, text.Length, numericRule: false, out error, out where))
            {
                return false;
            }
        }

        var hyphen = text[..end].IndexOf('-');
        var coreEnd = hyphen < 0 ? end : hyphen;
        var prereleaseStart = -1;
        if (hyphen >= 0)
        {
            prereleaseStart = hyphen + 1;
            if (prereleaseStart == end)
            {
                error = SemVerSyntaxError.EmptyPrerelease;
                return false;
            }
        }

        Span<ulong> numbers = stackalloc ulong[3];
        var start = 0;
        for (var n = 0; n < 3; n++)
        {
            var dot = n < 2 ? text[start..coreEnd].IndexOf('.') : -1;
            var partEnd = n < 2 ? (dot < 0 ? -1 : start + dot) : coreEnd;
            if (partEnd < 0 || (n == 2 && text[start..coreEnd].Contains('.')))
            {
                error = SemVerSyntaxError.CoreShape;
                where = (0, coreEnd);
                return false;
            }

            where = (start, partEnd - start);
            if (!TryReadNumber(text[start..partEnd], out numbers[n], out error))
            {
                return false;
            }

            start = partEnd + 1;
        }

        if (prereleaseStart >= 0 && !TryReadIdentifiers(text, prereleaseStart, end, numericRule: true, out error, out where))
        {
            return false;
        }

        parts = new SemVerParts(numbers[0], numbers[1], numbers[2], prereleaseStart, prereleaseStart < 0 ? 0 : end - prereleaseStart, buildStart);
        error = SemVerSyntaxError.None;
        where = default;
        return true;
    }

    /// <summary>Says in words what is wrong with <paramref name="text"/>.</summary>
    public static string Describe(SemVerSyntaxError error, ReadOnlySpan<char> text, (int Start, int Length) where)
    {
        var quoted = $"SemVer '{text}'";
        var part = text.Slice(where.Start, where.Length).ToString();
        return error switch
        {
            SemVerSyntaxError.Empty => "SemVer '': the version is empty.",
            SemVerSyntaxError.CoreShape => $"{quoted}: the version must start with three numbers MAJOR.MINOR.PATCH ('{part}').",
            SemVerSyntaxError.CoreNotNumber => $"{quoted}: '{part}' is not a non-negative integer (MAJOR.MINOR.PATCH are numbers).",
            SemVerSyntaxError.LeadingZero => $"{quoted}: numeric identifiers must not have leading zeros ('{part}').",
            SemVerSyntaxError.TooLarge => $"{quoted}: '{part}' is larger than {ulong.MaxValue}.",
            SemVerSyntaxError.EmptyPrerelease => $"{quoted}: the pre-release after '-' is empty.",
            SemVerSyntaxError.EmptyBuild => $"{quoted}: the build metadata after '+' is empty.",
            SemVerSyntaxError.EmptyIdentifier => $"{quoted}: identifiers must not be empty (two dots in a row, or a dot at an end).",
            SemVerSyntaxError.BadCharacter => $"{quoted}: identifiers may hold only ASCII letters, digits and '-' ('{part}').",
            _ => $"{quoted} is not valid.",
        };
    }

    private static bool TryReadNumber(ReadOnlySpan<char> digits, out ulong value, out SemVerSyntaxError error)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            error = SemVerSyntaxError.CoreShape;
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                error = SemVerSyntaxError.CoreNotNumber;
                return false;
            }
        }

        if (digits.Length > 1 && digits[0] == '0')
        {
            error = SemVerSyntaxError.LeadingZero;
            return false;
        }

        foreach (var c in digits)
        {
            var digit = (ulong)(c - '0');
            if (value > (ulong.MaxValue - digit) / 10)
            {
                error = SemVerSyntaxError.TooLarge;
                return false;
            }

            value = (value * 10) + digit;
        }

        error = SemVerSyntaxError.None;
        return true;
    }

    private static bool TryReadIdentifiers(
        ReadOnlySpan<char> text, int start, int end, bool numericRule, out SemVerSyntaxError error, out (int Start, int Length) where)
    {
        var identifierStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && text[i] != '.')
            {
                continue;
            }

            var identifier = text[identifierStart..i];
            where = (identifierStart, identifier.Length);
            if (identifier.IsEmpty)
            {
                error = SemVerSyntaxError.EmptyIdentifier;
                return false;
            }

            var numeric = true;
            foreach (var c in identifier)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    error = SemVerSyntaxError.BadCharacter;
                    return false;
                }

                numeric &= char.IsAsciiDigit(c);
            }

            if (numericRule && numeric && identifier.Length > 1 && identifier[0] == '0')
            {
                error = SemVerSyntaxError.LeadingZero;
                return false;
            }

            identifierStart = i + 1;
        }

        error = SemVerSyntaxError.None;
        where = default;
        return true;
    }
}
