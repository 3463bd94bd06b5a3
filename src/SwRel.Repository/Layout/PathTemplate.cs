using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Layout;

/// <summary>
/// A parsed repository path template such as <c>sw/unverified/{majorRelease}.{productShortName:lower}/{major}/{minor}/{revision}</c>.
/// </summary>
/// <remarks>
/// <para>
/// Placeholders are written <c>{name}</c> or <c>{name:lower}</c> / <c>{name:upper}</c>; names are matched without
/// regard to case and must be one of <see cref="KnownPlaceholders"/>. Braces cannot be escaped (no repository path
/// of SPEC §11 needs a literal brace).
/// </para>
/// <para>
/// A template is refused when it is empty, absolute (leading <c>/</c> or <c>\</c>, a drive or scheme such as <c>c:</c>),
/// ends in <c>/</c>, has an empty, <c>.</c> or <c>..</c> segment, a backslash or a control character, an unknown
/// placeholder or modifier, or an unbalanced brace. Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class PathTemplate
{
    private readonly ImmutableArray<Part> _parts;

    private PathTemplate(string text, ImmutableArray<Part> parts)
    {
        Text = text;
        _parts = parts;
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var part in parts)
        {
            if (part.Placeholder is { } name && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        Placeholders = names.ToImmutable();
    }

    /// <summary>
    /// Gets the placeholder names a template may use: <c>majorRelease</c> (<c>umd-4</c>), <c>distribution</c> (<c>umd</c>),
    /// <c>distMajor</c> (<c>4</c>), <c>productShortName</c> (alias <c>distributionShortName</c>), <c>major</c>,
    /// <c>minor</c>, <c>revision</c>, <c>version</c> (<c>1.7.3</c>), <c>platform</c> (targetPlatform as written),
    /// <c>family</c> (apt: <c>debian</c> or <c>ubuntu</c>; yum: the platform), <c>codename</c> (apt: <c>squeeze</c>),
    /// <c>arch</c> (yum: targetArch as written; apt: the Debian name, <c>amd64</c>), <c>channel</c> (<c>base</c> or
    /// <c>updates</c>), <c>suite</c> (apt: <c>squeeze</c> or <c>squeeze-updates</c>), <c>area</c>
    /// (<c>unverified</c>, <c>stagerollout</c>, <c>production</c>) and <c>ticketId</c>.
    /// </summary>
    public static ImmutableArray<string> KnownPlaceholders { get; } =
    [
        "majorRelease", "distribution", "distMajor", "productShortName", "distributionShortName",
        "major", "minor", "revision", "version", "platform", "family", "codename", "arch", "channel", "suite",
        "area", "ticketId",
    ];

    /// <summary>Gets the template's text as written.</summary>
    public string Text { get; }

    /// <summary>Gets the placeholder names the template uses, in canonical spelling and first-use order.</summary>
    public ImmutableArray<string> Placeholders { get; }

    /// <summary>Parses a template.</summary>
    /// <param name="text">The template text.</param>
    /// <returns>The template.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid template; the message says why.</exception>
    public static PathTemplate Parse(string text) =>
        TryParse(text, out var template, out var error) ? template : throw new FormatException(error);

    /// <summary>Tries to parse a template.</summary>
    /// <param name="text">The template text.</param>
    /// <param name="template">The template, when valid.</param>
    /// <param name="error">Why the text is not a valid template, when it is not.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid template.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PathTemplate? template, [NotNullWhen(false)] out string? error)
    {
        template = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "A path template must not be empty.";
            return false;
        }

        if (LooksAbsolute(text))
        {
            error = $"Path template '{text}' must be relative to the repository root, not absolute.";
            return false;
        }

        if (text[^1] == '/')
        {
            error = $"Path template '{text}' must not end with '/'.";
            return false;
        }

        var parts = ImmutableArray.CreateBuilder<Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '}')
            {
                error = $"Path template '{text}' has a '}}' without its '{{' at position {i + 1}.";
                return false;
            }

            if (c != '{')
            {
                if (char.IsControl(c) || c == '\\')
                {
                    error = $"Path template '{text}' holds a control character or a backslash.";
                    return false;
                }

                literal.Append(c);
                i++;
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                error = $"Path template '{text}' has a '{{' without its '}}' at position {i + 1}.";
                return false;
            }

            var inside = text.AsSpan(i + 1, close - i - 1);
            if (inside.IndexOf('{') >= 0)
            {
                error = $"Path template '{text}' has a '{{' inside a placeholder at position {i + 1}.";
                return false;
            }

            var modifier = Modifier.None;
            var colonAt = inside.IndexOf(':');
            var nameSpan = colonAt < 0 ? inside : inside[..colonAt];
            if (colonAt >= 0)
            {
                var modifierText = inside[(colonAt + 1)..];
                if (modifierText.Equals("lower", StringComparison.OrdinalIgnoreCase))
                {
                    modifier = Modifier.Lower;
                }
                else if (modifierText.Equals("upper", StringComparison.OrdinalIgnoreCase))
                {
                    modifier = Modifier.Upper;
                }
                else
                {
                    error = $"Path template '{text}' has the unknown modifier ':{modifierText}'; use ':lower' or ':upper'.";
                    return false;
                }
            }

            var name = Canonical(nameSpan);
            if (name is null)
            {
                error = $"Path template '{text}' has the unknown placeholder '{{{nameSpan}}}'; known placeholders are {string.Join(", ", KnownPlaceholders.Select(p => "{" + p + "}"))}.";
                return false;
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, Modifier.None));
                literal.Clear();
            }

            parts.Add(new Part(null, name, modifier));
            i = close + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null, Modifier.None));
        }

        // Segments made only of literal text are checked now; segments with a placeholder are checked after rendering.
        if (!CheckLiteralSegments(text, out error))
        {
            return false;
        }

        template = new PathTemplate(text, parts.ToImmutable());
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>Renders the template with values from <paramref name="lookup"/>.</summary>
    /// <param name="lookup">Returns a placeholder's value (already checked to be one safe path segment piece).</param>
    /// <returns>The path.</returns>
    /// <exception cref="RepositoryPlanningException">A value is missing, or the result is not a valid repository path.</exception>
    internal RepositoryPath Render(Func<string, string> lookup)
    {
        var builder = new StringBuilder(Text.Length + 32);
        foreach (var part in _parts)
        {
            if (part.Literal is { } literal)
            {
                builder.Append(literal);
                continue;
            }

            var value = lookup(part.Placeholder!);
            builder.Append(part.Modifier switch
            {
                Modifier.Lower => value.ToLowerInvariant(),
                Modifier.Upper => value.ToUpperInvariant(),
                _ => value,
            });
        }

        var text = builder.ToString();
        return RepositoryPath.TryParse(text, out var path, out var error) && !path.IsRoot
            ? path
            : throw new RepositoryPlanningException($"Path template '{Text}' gives '{text}', which is not a valid repository path: {error ?? "it is empty."}");
    }

    private static bool LooksAbsolute(string text)
    {
        if (text[0] is '/' or '\\' or '~')
        {
            return true;
        }

        // A drive (c:) or a scheme (file:, https:) before the first segment ends.
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ':')
            {
                return i > 0;
            }

            if (c is '/' or '{')
            {
                return false;
            }
        }

        return false;
    }

    private static bool CheckLiteralSegments(string text, [NotNullWhen(false)] out string? error)
    {
        foreach (var segment in text.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                error = $"Path template '{text}' has an empty, '.' or '..' segment.";
                return false;
            }
        }

        error = null;
        return true;
    }

    private static string? Canonical(ReadOnlySpan<char> name)
    {
        foreach (var known in KnownPlaceholders)
        {
            if (name.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known == "distributionShortName" ? "productShortName" : known;
            }
        }

        return null;
    }

    private enum Modifier
    {
        None,
        Lower,
        Upper,
    }

    private sealed record Part(string? Literal, string? Placeholder, Modifier Modifier);
}
