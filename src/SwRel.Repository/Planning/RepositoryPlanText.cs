using System.Globalization;
using System.Text;
using SwRel.Domain.Workflow;

namespace SwRel.Repository.Planning;

/// <summary>Renders a <see cref="RepositoryPlan"/> as lines for people.</summary>
/// <remarks>
/// The first line names the transition and the target; each step follows on its own numbered, indented line;
/// a plan without steps says <c>(no repository work)</c>. A repo file's content is summarised by its line count; a
/// promote says <c>(merge)</c> when it merges and lists the names it leaves out
/// (<c>(merge, excluding repofiles, repodata)</c>).
/// Stateless and thread-safe.
/// </remarks>
public static class RepositoryPlanText
{
    /// <summary>Writes <paramref name="plan"/> to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="plan">The plan.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Write(TextWriter writer, RepositoryPlan plan)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(plan);
        writer.Write(plan.From.ToName());
        writer.Write(" -> ");
        writer.Write(plan.To.ToName());
        writer.Write(": target ");
        writer.WriteLine(plan.Target is { } target ? target.Value : "(none)");
        if (plan.IsEmpty)
        {
            writer.WriteLine("  (no repository work)");
            return;
        }

        var number = 1;
        foreach (var step in plan.Steps)
        {
            writer.Write("  ");
            writer.Write(number.ToString(CultureInfo.InvariantCulture));
            writer.Write(". ");
            writer.WriteLine(Describe(step));
            number++;
        }
    }

    /// <summary>Returns <paramref name="plan"/> as text.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>The lines, each ending in a line feed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is <see langword="null"/>.</exception>
    public static string ToText(RepositoryPlan plan)
    {
        using var writer = new StringWriter(new StringBuilder(), CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(writer, plan);
        return writer.ToString();
    }

    /// <summary>Describes one step in one line, for example <c>promote sw/a -> sw/b (merge, excluding repofiles, repodata)</c>.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The line, without a line end.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is <see langword="null"/>.</exception>
    public static string Describe(PlanStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step switch
        {
            FetchStep { Packages.IsEmpty: false } packages => $"fetch {packages.Packages.Length.ToString(CultureInfo.InvariantCulture)} packages, each from its url -> {packages.Destination}",
            FetchStep fetch => $"fetch {fetch.Protocol} {fetch.Source} -> {fetch.Destination}",
            VerifyStep verify => $"verify {verify.Root} against {verify.Manifest}",
            PublishStep publish => $"publish {publish.Source} -> {publish.Destination}",
            PromoteStep promote => $"promote {promote.Source} -> {promote.Destination}{Options(promote)}",
            WriteRepoFileStep repoFile => $"write-repo-file {repoFile.Path} ({CountLines(repoFile.Content).ToString(CultureInfo.InvariantCulture)} lines)",
            _ => $"{step.Kind} {PathOf(step)}",
        };
    }

    private static string Options(PromoteStep promote)
    {
        var parts = new List<string>(3);
        if (promote.Merge)
        {
            parts.Add("merge");
        }

        if (promote.Content != PromoteContent.All)
        {
            parts.Add(promote.Content == PromoteContent.PackagesOnly ? "packages only" : "all but packages");
        }

        if (!promote.Exclude.IsEmpty)
        {
            parts.Add("excluding " + string.Join(", ", promote.Exclude));
        }

        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    private static string PathOf(PlanStep step) => step switch
    {
        RefreshIndexStep refresh => refresh.Path.Value,
        SetRepositoryUrlStep url => url.Path.Value,
        RemoveStep remove => remove.Path.Value,
        CleanStep clean => clean.Path.Value,
        _ => "",
    };

    private static int CountLines(string content)
    {
        if (content.Length == 0)
        {
            return 0;
        }

        var lines = 0;
        foreach (var c in content)
        {
            if (c == '\n')
            {
                lines++;
            }
        }

        return content[^1] == '\n' ? lines : lines + 1;
    }
}
