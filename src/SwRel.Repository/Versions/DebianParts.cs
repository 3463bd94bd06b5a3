namespace SwRel.Repository.Versions;

/// <summary>Where the epoch, upstream version and revision of a Debian version lie in its text, without copying it.</summary>
/// <param name="Epoch">The epoch's value; 0 when the text has none.</param>
/// <param name="HasEpoch">Whether the text names an epoch.</param>
/// <param name="Start">Offset of the text without its leading blanks.</param>
/// <param name="Length">Length of the text without its leading and trailing blanks.</param>
/// <param name="UpstreamStart">Offset of the upstream version.</param>
/// <param name="UpstreamLength">Length of the upstream version.</param>
/// <param name="RevisionStart">Offset of the revision, or -1 when the text has none.</param>
/// <param name="RevisionLength">Length of the revision.</param>
internal readonly record struct DebianParts(
    int Epoch, bool HasEpoch, int Start, int Length, int UpstreamStart, int UpstreamLength, int RevisionStart, int RevisionLength)
{
    public ReadOnlySpan<char> Upstream(ReadOnlySpan<char> text) => text.Slice(UpstreamStart, UpstreamLength);

    public ReadOnlySpan<char> Revision(ReadOnlySpan<char> text) => RevisionStart < 0 ? default : text.Slice(RevisionStart, RevisionLength);

    /// <summary>Reads the text's parts as dpkg's parseversion does, or says what is wrong with it.</summary>
    /// <param name="text">The text.</param>
    /// <param name="lenient">Whether to accept what dpkg only warns about, as <c>dpkg --compare-versions</c> does.</param>
    /// <param name="parts">The parts, when the text is accepted.</param>
    /// <param name="error">The first problem found; with <paramref name="lenient"/>, possibly a warning on an accepted text.</param>
    /// <returns><see langword="true"/> when the text is accepted.</returns>
    public static bool TryRead(ReadOnlySpan<char> text, bool lenient, out DebianParts parts, out DebianSyntaxError error)
    {
        parts = default;
        var start = 0;
        var end = text.Length;
        while (start < end && IsBlank(text[start]))
        {
            start++;
        }

        while (end > start && IsBlank(text[end - 1]))
        {
            end--;
        }

        if (start == end)
        {
            error = DebianSyntaxError.Empty;
            return false;
        }

        var body = text[start..end];
        foreach (var c in body)
        {
            if (IsBlank(c))
            {
                error = DebianSyntaxError.EmbeddedSpace;
                return false;
            }

            if (c < ' ' || c > '~')
            {
                error = DebianSyntaxError.BadCharacter;
                return false;
            }
        }

        var epoch = 0;
        var hasEpoch = false;
        var upstreamStart = 0;
        var colon = body.IndexOf(':');
        if (colon >= 0)
        {
            if (colon == 0)
            {
                error = DebianSyntaxError.EmptyEpoch;
                return false;
            }

            long value = 0;
            foreach (var c in body[..colon])
            {
                if (!char.IsAsciiDigit(c))
                {
                    error = DebianSyntaxError.EpochNotNumber;
                    return false;
                }

                value = (value * 10) + (c - '0');
                if (value > int.MaxValue)
                {
                    error = DebianSyntaxError.EpochTooLarge;
                    return false;
                }
            }

            epoch = (int)value;
            hasEpoch = true;
            upstreamStart = colon + 1;
            if (upstreamStart == body.Length)
            {
                error = DebianSyntaxError.EmptyUpstream;
                return false;
            }
        }

        var rest = body[upstreamStart..];
        var hyphen = rest.LastIndexOf('-');
        var upstreamLength = hyphen < 0 ? rest.Length : hyphen;
        var revisionStart = hyphen < 0 ? -1 : upstreamStart + hyphen + 1;
        var revisionLength = hyphen < 0 ? 0 : rest.Length - hyphen - 1;
        if (hyphen >= 0 && revisionLength == 0)
        {
            error = DebianSyntaxError.EmptyRevision;
            return false;
        }

        if (upstreamLength == 0)
        {
            error = DebianSyntaxError.EmptyUpstream;
            return false;
        }

        parts = new DebianParts(
            epoch, hasEpoch, start, end - start, start + upstreamStart, upstreamLength,
            revisionStart < 0 ? -1 : start + revisionStart, revisionLength);
        error = PolicyProblem(rest[..upstreamLength], hyphen < 0 ? default : rest[(hyphen + 1)..]);
        return error == DebianSyntaxError.None || lenient;
    }

    /// <summary>Says in words what is wrong with <paramref name="text"/>.</summary>
    public static string Describe(DebianSyntaxError error, ReadOnlySpan<char> text)
    {
        var quoted = $"Debian version '{text.Trim(" \t")}'";
        return error switch
        {
            DebianSyntaxError.Empty => "Debian version '' is empty.",
            DebianSyntaxError.EmbeddedSpace => $"{quoted} has embedded spaces.",
            DebianSyntaxError.BadCharacter => $"{quoted} holds a control character or a character outside ASCII.",
            DebianSyntaxError.EmptyEpoch => $"{quoted} has an empty epoch before ':'.",
            DebianSyntaxError.EpochNotNumber => $"{quoted} has an epoch that is not a non-negative integer.",
            DebianSyntaxError.EpochTooLarge => $"{quoted} has an epoch larger than {int.MaxValue}.",
            DebianSyntaxError.EmptyUpstream => $"{quoted} has an empty upstream version.",
            DebianSyntaxError.EmptyRevision => $"{quoted} has an empty revision after '-'.",
            DebianSyntaxError.UpstreamNotStartingWithDigit => $"{quoted}: the upstream version does not start with a digit.",
            DebianSyntaxError.BadUpstreamCharacter => $"{quoted}: the upstream version may hold only letters, digits and '.', '+', '-', '~', ':'.",
            DebianSyntaxError.BadRevisionCharacter => $"{quoted}: the revision may hold only letters, digits and '.', '+', '~'.",
            _ => $"{quoted} is not valid.",
        };
    }

    private static DebianSyntaxError PolicyProblem(ReadOnlySpan<char> upstream, ReadOnlySpan<char> revision)
    {
        if (!char.IsAsciiDigit(upstream[0]))
        {
            return DebianSyntaxError.UpstreamNotStartingWithDigit;
        }

        foreach (var c in upstream)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '+' or '~' or ':'))
            {
                return DebianSyntaxError.BadUpstreamCharacter;
            }
        }

        foreach (var c in revision)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '+' or '~'))
            {
                return DebianSyntaxError.BadRevisionCharacter;
            }
        }

        return DebianSyntaxError.None;
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';
}
