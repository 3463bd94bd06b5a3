using System.Text.RegularExpressions;
using System.Xml;

namespace SwRel.Metadata.Checksums;

/// <summary>
/// Puts the XML reader's refusals into SwRel's own sentences, so that a user reads what is wrong with the manifest
/// instead of advice about <c>XmlReaderSettings</c>; the position is reported beside the sentence, not inside it.
/// </summary>
internal static partial class XmlErrorText
{
    public static string Describe(XmlException exception, long maxCharacters)
    {
        var message = TrailingPosition().Replace(exception.Message, "");
        if (message.StartsWith("For security reasons DTD is prohibited", StringComparison.Ordinal))
        {
            return DtdRefused;
        }

        if (message.StartsWith("The input document has exceeded a limit set by MaxCharactersInDocument", StringComparison.Ordinal))
        {
            return $"The manifest is larger than {maxCharacters:N0} characters, the most a manifest may hold.";
        }

        if (message.StartsWith("Root element is missing", StringComparison.Ordinal))
        {
            return $"The document has no root element; a Metalink manifest is a <metalink xmlns=\"{ChecksumManifestReader.MetalinkNamespace}\"> element listing <file> elements.";
        }

        if (UnclosedElements().Match(message) is { Success: true } unclosed)
        {
            return $"The manifest ends before these elements are closed: {Elements(unclosed.Groups[1].Value)}.";
        }

        if (message.StartsWith("Unexpected end of file", StringComparison.Ordinal))
        {
            return "The manifest ends in the middle of its markup.";
        }

        if (TagMismatch().Match(message) is { Success: true } mismatch)
        {
            return $"</{mismatch.Groups[4].Value}> does not close <{mismatch.Groups[1].Value}>, which opens at {mismatch.Groups[2].Value}:{mismatch.Groups[3].Value}.";
        }

        if (message.StartsWith("Data at the root level is invalid", StringComparison.Ordinal))
        {
            return "Text outside the root element: a manifest is one <metalink> element (or coreutils text lines).";
        }

        if (message.StartsWith("There are multiple root elements", StringComparison.Ordinal))
        {
            return "A second root element: a manifest is one <metalink> element.";
        }

        if (BadStartName().Match(message) is { Success: true } badStart)
        {
            return $"A name cannot start with '{badStart.Groups[1].Value}' ({badStart.Groups[2].Value}).";
        }

        if (BadNameCharacter().Match(message) is { Success: true } badName)
        {
            return $"A name cannot hold '{badName.Groups[1].Value}' ({badName.Groups[2].Value}).";
        }

        if (InvalidCharacter().Match(message) is { Success: true } invalid)
        {
            return $"The character {invalid.Groups[1].Value} is not allowed in XML{(invalid.Groups[2].Success ? " attribute values" : "")}.";
        }

        if (UndeclaredEntity().Match(message) is { Success: true } entity)
        {
            return $"&{entity.Groups[1].Value}; is not defined; only &amp; &lt; &gt; &quot; &apos; and numeric character references may be used.";
        }

        if (UndeclaredPrefix().Match(message) is { Success: true } prefix)
        {
            return $"The namespace prefix '{prefix.Groups[1].Value}' is not declared.";
        }

        if (DuplicateAttribute().Match(message) is { Success: true } duplicate)
        {
            return $"The attribute '{duplicate.Groups[1].Value}' is given twice.";
        }

        if (message.StartsWith("There is an unclosed literal string", StringComparison.Ordinal))
        {
            return "An attribute value has no closing quote.";
        }

        if (message.StartsWith("Unexpected XML declaration", StringComparison.Ordinal))
        {
            return "An XML declaration (<?xml ...?>) may only open the document, with nothing before it.";
        }

        if (message.StartsWith("An XML comment cannot contain", StringComparison.Ordinal))
        {
            return "A comment holds '--' or ends with '-'.";
        }

        if (message.StartsWith("Invalid character in the given encoding", StringComparison.Ordinal))
        {
            return "The manifest is not valid text in its encoding (UTF-8 unless a byte-order mark or the XML declaration says otherwise).";
        }

        if (message.Contains("cannot be called on an element that has child elements", StringComparison.Ordinal)
            || message.Contains("is not supported on node type", StringComparison.Ordinal))
        {
            return "An element that must hold text holds other elements.";
        }

        if (UnexpectedToken().Match(message) is { Success: true } token)
        {
            return $"Unexpected '{token.Groups[1].Value}' in the markup.";
        }

        if (message.StartsWith("Unexpected end tag", StringComparison.Ordinal))
        {
            return "An end tag closes no open element.";
        }

        return $"The manifest is not well-formed XML: {message}";
    }

    public const string DtdRefused =
        "A document type declaration (<!DOCTYPE ...>) or other '<!' declaration is not allowed in a manifest.";

    private static string Elements(string list) =>
        string.Join(", ", list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(e => $"<{e}>"));

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$")]
    private static partial Regex TrailingPosition();

    [GeneratedRegex(@"The following elements are not closed: (.*?)\.?$")]
    private static partial Regex UnclosedElements();

    [GeneratedRegex(@"^The '(.*)' start tag on line (\d+) position (\d+) does not match the end tag of '(.*)'")]
    private static partial Regex TagMismatch();

    [GeneratedRegex(@"^Name cannot begin with the '(.*)' character, hexadecimal value (0x[0-9A-Fa-f]+)")]
    private static partial Regex BadStartName();

    [GeneratedRegex(@"^The '(.*)' character, hexadecimal value (0x[0-9A-Fa-f]+), cannot be included in a name")]
    private static partial Regex BadNameCharacter();

    [GeneratedRegex(@"hexadecimal value (0x[0-9A-Fa-f]+), is an invalid (attribute )?character")]
    private static partial Regex InvalidCharacter();

    [GeneratedRegex(@"^Reference to undeclared entity '(.*)'")]
    private static partial Regex UndeclaredEntity();

    [GeneratedRegex(@"^'(.*)' is an undeclared prefix")]
    private static partial Regex UndeclaredPrefix();

    [GeneratedRegex(@"^'(.*)' is a duplicate attribute name")]
    private static partial Regex DuplicateAttribute();

    [GeneratedRegex(@"^'(.*)' is an unexpected token")]
    private static partial Regex UnexpectedToken();
}
