using System.Diagnostics.CodeAnalysis;
using SwRel.Domain.Tickets;

namespace SwRel.Repository.Planning;

/// <summary>
/// A repository-relative path: <c>/</c>-separated, no leading or trailing <c>/</c>, no empty,
/// <c>.</c> or <c>..</c> segment, no control character (SPEC §11).
/// </summary>
/// <remarks>Immutable. The default value is the repository root (an empty path).</remarks>
public readonly record struct RepositoryPath
{
    private readonly string? _value;

    private RepositoryPath(string value) => _value = value;

    /// <summary>Gets the root of the repository (the empty path).</summary>
    public static RepositoryPath Root => default;

    /// <summary>Gets the path's text, for example <c>sw/production/umd/4/sl6/x86_64/updates</c>.</summary>
    public string Value => _value ?? "";

    /// <summary>Gets whether this is the repository root.</summary>
    public bool IsRoot => string.IsNullOrEmpty(_value);

    /// <summary>Parses a repository-relative path.</summary>
    /// <param name="text">The path's text.</param>
    /// <returns>The path.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a valid repository-relative path; the message says why.</exception>
    public static RepositoryPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    /// <summary>Tries to parse a repository-relative path.</summary>
    /// <param name="text">The path's text.</param>
    /// <param name="path">The path, when valid.</param>
    /// <param name="error">Why the text is not a valid path, when it is not.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is valid.</returns>
    public static bool TryParse(string? text, out RepositoryPath path, [NotNullWhen(false)] out string? error)
    {
        path = default;
        if (text is null)
        {
            error = "A repository path is required.";
            return false;
        }

        if (text.Length == 0)
        {
            error = null;
            return true;
        }

        if (RepositoryPathRule.FindProblem(text) is { } problem)
        {
            error = $"Repository path '{text}' {problem}.";
            return false;
        }

        path = new RepositoryPath(text);
        error = null;
        return true;
    }

    /// <summary>Appends one or more segments, each itself a valid relative path.</summary>
    /// <param name="segments">The segments to append, in order.</param>
    /// <returns>The combined path.</returns>
    /// <exception cref="FormatException">A segment is not a valid relative path.</exception>
    public RepositoryPath Combine(params ReadOnlySpan<string> segments)
    {
        var result = Value;
        foreach (var segment in segments)
        {
            var part = Parse(segment);
            if (part.IsRoot)
            {
                continue;
            }

            result = result.Length == 0 ? part.Value : result + "/" + part.Value;
        }

        return new RepositoryPath(result);
    }

    /// <summary>Returns the path as a native path below <paramref name="root"/>.</summary>
    /// <param name="root">A local directory that is the repository root.</param>
    /// <returns>The full local path.</returns>
    public string ToLocalPath(string root) =>
        IsRoot ? Path.GetFullPath(root) : Path.GetFullPath(Path.Combine(root, Value.Replace('/', Path.DirectorySeparatorChar)));

    /// <inheritdoc/>
    public override string ToString() => Value;
}
