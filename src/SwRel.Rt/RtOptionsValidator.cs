using Microsoft.Extensions.Options;

namespace SwRel.Rt;

/// <summary>Reports every bad <see cref="RtOptions"/> value at once, each by its name.</summary>
internal sealed class RtOptionsValidator : IValidateOptions<RtOptions>
{
    public ValidateOptionsResult Validate(string? name, RtOptions options)
    {
        var errors = new List<string>();
        if (options.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"Tickets:Rt:Url must be RT's absolute http or https URL; it is '{options.Url}'.");
        }

        if (string.IsNullOrEmpty(options.Token) && (string.IsNullOrEmpty(options.User) || options.Password is null))
        {
            errors.Add("RT credentials are missing: set Tickets:Rt:Token, or Tickets:Rt:User and Tickets:Rt:Password.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"Tickets:Rt:Timeout must be positive; it is {options.Timeout}.");
        }

        if (string.IsNullOrWhiteSpace(options.Queue))
        {
            errors.Add("Tickets:Rt:Queue must name RT's queue.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
