using Microsoft.Extensions.Options;

namespace SwRel.Repository.Transports;

/// <summary>Checks <see cref="TransportOptions"/> at start.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class TransportOptionsValidator : IValidateOptions<TransportOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"TransportOptions.Timeout must be positive (it is {options.Timeout}).");
        }

        if (options.IoTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"TransportOptions.IoTimeout must be at least one second (it is {options.IoTimeout}).");
        }

        if (options.MaxParallelDownloads is < 1 or > 64)
        {
            failures.Add($"TransportOptions.MaxParallelDownloads must be 1 to 64 (it is {options.MaxParallelDownloads}).");
        }

        if (string.IsNullOrWhiteSpace(options.RsyncPath))
        {
            failures.Add("TransportOptions.RsyncPath is required.");
        }

        if (options.RsyncDaemonPort is < 1 or > 65535)
        {
            failures.Add($"TransportOptions.RsyncDaemonPort must be a TCP port, 1 to 65535 (it is {options.RsyncDaemonPort}).");
        }

        if (!Planning.RepositoryPath.TryParse(options.HttpManifestName, out var manifest, out var error) || manifest.IsRoot)
        {
            failures.Add($"TransportOptions.HttpManifestName must be a relative path: {error ?? "it is empty"}");
        }

        if (options.MaxManifestBytes <= 0)
        {
            failures.Add($"TransportOptions.MaxManifestBytes must be positive (it is {options.MaxManifestBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
