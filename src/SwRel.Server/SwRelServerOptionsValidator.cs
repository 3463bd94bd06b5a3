using Microsoft.Extensions.Options;

namespace SwRel.Server;

/// <summary>Checks <see cref="SwRelServerOptions"/> at start; each message names the setting.</summary>
internal sealed class SwRelServerOptionsValidator : IValidateOptions<SwRelServerOptions>
{
    /// <summary>The shortest secret or token accepted, so that neither can be guessed.</summary>
    internal const int MinimumSecretLength = 16;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SwRelServerOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with the options, as sentences naming the setting.</summary>
    internal static List<string> Check(SwRelServerOptions options)
    {
        var errors = new List<string>();
        var section = SwRelServerOptions.SectionName;
        if (options.ApiTokens.Count == 0 && string.IsNullOrEmpty(options.SigningSecret))
        {
            errors.Add($"{section}:ApiTokens is empty and {section}:SigningSecret is not set: give at least one write token (SWREL_API_TOKEN or --api-token-file) or a signing secret, or nobody can post requests.");
        }

        for (var i = 0; i < options.ApiTokens.Count; i++)
        {
            var token = options.ApiTokens[i];
            if (token is null || token.Length < MinimumSecretLength || token.Any(char.IsWhiteSpace))
            {
                errors.Add($"{section}:ApiTokens:{i} must be at least {MinimumSecretLength} characters without spaces.");
            }
        }

        if (options.SigningSecret is { } secret && secret.Length < MinimumSecretLength)
        {
            errors.Add($"{section}:SigningSecret must be at least {MinimumSecretLength} characters.");
        }

        if (options.SignatureWindow <= TimeSpan.Zero || options.SignatureWindow > TimeSpan.FromHours(1))
        {
            errors.Add($"{section}:SignatureWindow must be more than zero and at most 1 hour, not {options.SignatureWindow}.");
        }

        if (options.RequireTokenForReads && options.ApiTokens.Count == 0)
        {
            errors.Add($"{section}:RequireTokenForReads is on but {section}:ApiTokens is empty: nobody could read.");
        }

        if (options.RecentOutcomes is < 1 or > 100_000)
        {
            errors.Add($"{section}:RecentOutcomes must be between 1 and 100000, not {options.RecentOutcomes}.");
        }

        return errors;
    }
}
