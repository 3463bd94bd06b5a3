namespace SwRel.Domain.Tickets;

/// <summary>
/// The rule for a repository-relative path (SPEC §11), shared by the ticket's RepositoryURL field and
/// the repository's own path type: <c>/</c>-separated, no leading or trailing <c>/</c>, no empty,
/// <c>.</c> or <c>..</c> segment, no control character and no <c>\</c>.
/// </summary>
/// <remarks>All members are thread-safe.</remarks>
public static class RepositoryPathRule
{
    /// <summary>Returns what is wrong with a non-empty repository-relative path, or <see langword="null"/> when nothing is.</summary>
    /// <param name="path">The path's text.</param>
    /// <returns>A phrase that completes "Path 'x' …", for example <c>has an empty, '.' or '..' segment</c>; or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public static string? FindProblem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith('/') || path.EndsWith('/'))
        {
            return "must not start or end with '/'";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return "has an empty, '.' or '..' segment";
            }

            foreach (var c in segment)
            {
                if (char.IsControl(c) || c == '\\')
                {
                    return "holds a control character or a backslash";
                }
            }
        }

        return null;
    }
}
