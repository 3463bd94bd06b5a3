using System.Text.RegularExpressions;

namespace SwRel.Metadata.Releases;

/// <summary>Turns System.Xml's messages into ones a technology provider reads without knowing XML Schema.</summary>
internal static partial class ReleaseXmlMessages
{
    public static string Clean(string message)
    {
        message = LocationSuffix().Replace(message, "");
        message = QualifiedInNamespace().Replace(message, static m =>
        {
            var prefix = m.Groups[2].Value + ":";
            return "'" + prefix + m.Groups[1].Value.Replace(", ", ", " + prefix, StringComparison.Ordinal) + "'";
        });
        message = ExpandedName().Replace(message, "'$1:");
        message = message.Replace("'http://www.w3.org/2001/XMLSchema:", "'xs:", StringComparison.Ordinal);
        if (message.StartsWith("Reference to undeclared entity", StringComparison.Ordinal))
        {
            message += " Entities cannot be declared: a document's DOCTYPE is never processed.";
        }

        return message;
    }

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LocationSuffix();

    [GeneratedRegex(@"'([^']*)' in namespace 'http://repo\.egi\.eu/0\.2/(\w+)'", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedInNamespace();

    [GeneratedRegex(@"'http://repo\.egi\.eu/0\.2/(\w+):", RegexOptions.CultureInvariant)]
    private static partial Regex ExpandedName();
}
