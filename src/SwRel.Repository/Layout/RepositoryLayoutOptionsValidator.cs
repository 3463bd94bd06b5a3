using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Layout;

/// <summary>
/// Checks <see cref="RepositoryLayoutOptions"/>: a known preset and release type, every template parses (no unknown
/// placeholder or modifier, not absolute, no <c>..</c>), every override key is a major-release name such as
/// <c>ca-1</c>, the repo file folder is a relative path and the public base URL is absolute.
/// </summary>
/// <remarks>Reports every problem at once, each naming the option. Stateless and thread-safe.</remarks>
public sealed class RepositoryLayoutOptionsValidator : IValidateOptions<RepositoryLayoutOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The options instance's name (unused: every instance is validated the same way).</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or a failure listing every problem.</returns>
    public ValidateOptionsResult Validate(string? name, RepositoryLayoutOptions options)
    {
        if (options is null)
        {
            return ValidateOptionsResult.Fail("RepositoryLayoutOptions are required.");
        }

        var failures = new List<string>();
        if (!Enum.IsDefined(options.Preset))
        {
            failures.Add($"RepositoryLayoutOptions.Preset: '{options.Preset}' is not a preset; use EgiRepository or Nrms2010.");
        }

        if (!Enum.IsDefined(options.DefaultReleaseType))
        {
            failures.Add($"RepositoryLayoutOptions.DefaultReleaseType: '{options.DefaultReleaseType}' is not a release type; use Incremental or NonIncremental.");
        }

        CheckTemplates("RepositoryLayoutOptions.Templates", options.Templates, failures);
        if (options.Overrides is null)
        {
            failures.Add("RepositoryLayoutOptions.Overrides: must not be null.");
        }
        else
        {
            foreach (var (key, templates) in options.Overrides)
            {
                var where = $"RepositoryLayoutOptions.Overrides[{key}]";
                if (!MajorRelease.TryParse(key, out _, out var error))
                {
                    failures.Add($"{where}: {error}");
                }

                if (templates is null)
                {
                    failures.Add($"{where}: must not be null.");
                }
                else
                {
                    CheckTemplates(where, templates, failures);
                }
            }
        }

        var folder = options.RepoFileFolder?.Trim('/');
        if (folder is null || !RepositoryPath.TryParse(folder, out _, out _) || options.RepoFileFolder!.StartsWith('/'))
        {
            failures.Add($"RepositoryLayoutOptions.RepoFileFolder: '{options.RepoFileFolder}' must be a relative path without '..'.");
        }

        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "file" or "ftp"))
        {
            failures.Add($"RepositoryLayoutOptions.PublicBaseUrl: '{options.PublicBaseUrl}' must be an absolute http, https, ftp or file URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckTemplates(string where, RepositoryLayoutTemplates? templates, List<string> failures)
    {
        if (templates is null)
        {
            failures.Add($"{where}: must not be null.");
            return;
        }

        Check($"{where}.Unverified", templates.Unverified, failures);
        Check($"{where}.StageRollout", templates.StageRollout, failures);
        Check($"{where}.Production", templates.Production, failures);
        Check($"{where}.AptProduction", templates.AptProduction, failures);
        Check($"{where}.Scratch", templates.Scratch, failures);
    }

    private static void Check(string where, string? template, List<string> failures)
    {
        if (template is not null && !PathTemplate.TryParse(template, out _, out var error))
        {
            failures.Add($"{where}: {error}");
        }
    }
}
