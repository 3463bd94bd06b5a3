using System.Diagnostics.CodeAnalysis;

namespace SwRel.Repository.Versions;

/// <summary>Reads <c>MAJOR.MINOR.REVISION</c> from a span, or says what is wrong.</summary>
internal static class UmdSyntax
{
    private static readonly string[] PartNames = ["major", "minor", "revision"];

    public static bool TryRead(ReadOnlySpan<char> text, out int major, out int minor, out int revision, [NotNullWhen(false)] out string? error)
    {
        major = minor = revision = 0;
        if (text.IsEmpty)
        {
            error = "UMD version '' is empty; expected MAJOR.MINOR.REVISION, for example 4.7.1.";
            return false;
        }

        Span<int> numbers = stackalloc int[3];
        var rest = text;
        for (var n = 0; n < 3; n++)
        {
            var dot = rest.IndexOf('.');
            if ((n < 2 && dot < 0) || (n == 2 && dot >= 0))
            {
                error = $"UMD version '{text}' must have exactly three numbers MAJOR.MINOR.REVISION, for example 4.7.1.";
                return false;
            }

            var part = n < 2 ? rest[..dot] : rest;
            if (!TryReadNumber(part, out numbers[n], out var problem))
            {
                error = $"UMD version '{text}': the {PartNames[n]} number '{part}' {problem}.";
                return false;
            }

            rest = n < 2 ? rest[(dot + 1)..] : default;
        }

        major = numbers[0];
        minor = numbers[1];
        revision = numbers[2];
        error = null;
        return true;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> digits, out int value, out string? problem)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            problem = "is empty";
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                problem = "is not a non-negative integer";
                return false;
            }
        }

        if (digits.Length > 1 && digits[0] == '0')
        {
            problem = "has a leading zero";
            return false;
        }

        long number = 0;
        foreach (var c in digits)
        {
            number = (number * 10) + (c - '0');
            if (number > int.MaxValue)
            {
                problem = $"is larger than {int.MaxValue}";
                return false;
            }
        }

        value = (int)number;
        problem = null;
        return true;
    }
}
