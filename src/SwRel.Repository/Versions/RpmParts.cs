namespace SwRel.Repository.Versions;

/// <summary>Where the epoch, version and release of an RPM version lie in its text, without copying it.</summary>
/// <param name="Epoch">The epoch's value; 0 when the text has none.</param>
/// <param name="HasEpoch">Whether the text names an epoch.</param>
/// <param name="VersionStart">Offset of the version.</param>
/// <param name="VersionLength">Length of the version.</param>
/// <param name="ReleaseStart">Offset of the release, or -1 when the text has none.</param>
internal readonly record struct RpmParts(uint Epoch, bool HasEpoch, int VersionStart, int VersionLength, int ReleaseStart)
{
    public ReadOnlySpan<char> Version(ReadOnlySpan<char> text) => text.Slice(VersionStart, VersionLength);

    public ReadOnlySpan<char> Release(ReadOnlySpan<char> text) => ReleaseStart < 0 ? default : text[ReleaseStart..];

    /// <summary>Reads the text's parts, or says what is wrong with it.</summary>
    public static bool TryRead(ReadOnlySpan<char> text, out RpmParts parts, out RpmSyntaxError error)
    {
        parts = default;
        if (text.IsEmpty)
        {
            error = RpmSyntaxError.Empty;
            return false;
        }

        foreach (var c in text)
        {
            if (c <= ' ' || c > '~')
            {
                error = RpmSyntaxError.BadCharacter;
                return false;
            }
        }

        uint epoch = 0;
        var hasEpoch = false;
        var versionStart = 0;
        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            var epochText = text[..colon];
            if (epochText.IsEmpty)
            {
                error = RpmSyntaxError.EmptyEpoch;
                return false;
            }

            ulong value = 0;
            foreach (var c in epochText)
            {
                if (!char.IsAsciiDigit(c))
                {
                    error = RpmSyntaxError.EpochNotNumber;
                    return false;
                }

                value = (value * 10) + (ulong)(c - '0');
                if (value > uint.MaxValue)
                {
                    error = RpmSyntaxError.EpochTooLarge;
                    return false;
                }
            }

            epoch = (uint)value;
            hasEpoch = true;
            versionStart = colon + 1;
            if (text[versionStart..].Contains(':'))
            {
                error = RpmSyntaxError.SecondColon;
                return false;
            }
        }

        var rest = text[versionStart..];
        var hyphen = rest.LastIndexOf('-');
        var versionLength = hyphen < 0 ? rest.Length : hyphen;
        var releaseStart = hyphen < 0 ? -1 : versionStart + hyphen + 1;
        if (releaseStart >= 0 && releaseStart == text.Length)
        {
            error = RpmSyntaxError.EmptyRelease;
            return false;
        }

        if (versionLength == 0)
        {
            error = RpmSyntaxError.EmptyVersion;
            return false;
        }

        if (rest[..versionLength].Contains('-'))
        {
            error = RpmSyntaxError.HyphenInVersion;
            return false;
        }

        parts = new RpmParts(epoch, hasEpoch, versionStart, versionLength, releaseStart);
        error = RpmSyntaxError.None;
        return true;
    }

    /// <summary>Says in words what is wrong with <paramref name="text"/>.</summary>
    public static string Describe(RpmSyntaxError error, ReadOnlySpan<char> text)
    {
        var quoted = $"RPM version '{text}'";
        return error switch
        {
            RpmSyntaxError.Empty => "RPM version '' is empty.",
            RpmSyntaxError.BadCharacter => $"{quoted} holds whitespace, a control character or a character outside ASCII.",
            RpmSyntaxError.EmptyEpoch => $"{quoted} has an empty epoch before ':'.",
            RpmSyntaxError.EpochNotNumber => $"{quoted} has an epoch '{text[..text.IndexOf(':')]}' that is not a non-negative integer.",
            RpmSyntaxError.EpochTooLarge => $"{quoted} has an epoch larger than {uint.MaxValue}.",
            RpmSyntaxError.SecondColon => $"{quoted} has more than one ':' (only the epoch ends with ':').",
            RpmSyntaxError.EmptyVersion => $"{quoted} has an empty version.",
            RpmSyntaxError.EmptyRelease => $"{quoted} has an empty release after '-'.",
            RpmSyntaxError.HyphenInVersion => $"{quoted} has more than one '-' (the version must not contain '-'; only the release follows one).",
            _ => $"{quoted} is not valid.",
        };
    }
}
