using Microsoft.Extensions.Options;

namespace SwRel.Pipeline;

/// <summary>Validates <see cref="ProvisioningOptions"/> at start, naming every setting that is wrong.</summary>
internal sealed class ProvisioningOptionsValidator : IValidateOptions<ProvisioningOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ProvisioningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Positive(options.LeaseDuration, nameof(options.LeaseDuration), errors);
        Positive(options.LockDuration, nameof(options.LockDuration), errors);
        Positive(options.PollInterval, nameof(options.PollInterval), errors);
        if (options.LockWaitTimeout < TimeSpan.Zero)
        {
            errors.Add($"ProvisioningOptions.LockWaitTimeout is {options.LockWaitTimeout}; it must not be negative.");
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            errors.Add($"ProvisioningOptions.RetryDelay is {options.RetryDelay}; it must not be negative.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"ProvisioningOptions.MaxRetryDelay is {options.MaxRetryDelay}; it must be at least RetryDelay ({options.RetryDelay}).");
        }

        if (options.FreeSpaceMargin < 0)
        {
            errors.Add($"ProvisioningOptions.FreeSpaceMargin is {options.FreeSpaceMargin}; it must not be negative.");
        }

        if (options.MaxAttempts < 1)
        {
            errors.Add($"ProvisioningOptions.MaxAttempts is {options.MaxAttempts}; it must be at least 1.");
        }

        AttachmentName(options.ReleaseDescriptorAttachment, nameof(options.ReleaseDescriptorAttachment), errors);
        AttachmentName(options.ChecksumManifestAttachment, nameof(options.ChecksumManifestAttachment), errors);
        if (options.MaxAttachmentBytes <= 0)
        {
            errors.Add($"ProvisioningOptions.MaxAttachmentBytes is {options.MaxAttachmentBytes}; it must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.RepositoryRoot))
        {
            errors.Add("ProvisioningOptions.RepositoryRoot is required: the local directory that is the repository's root.");
        }
        else if (!Path.IsPathFullyQualified(options.RepositoryRoot))
        {
            errors.Add($"ProvisioningOptions.RepositoryRoot '{options.RepositoryRoot}' must be an absolute path.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(TimeSpan value, string name, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"ProvisioningOptions.{name} is {value}; it must be positive.");
        }
    }

    private static void AttachmentName(string? value, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.IndexOfAny(['/', '\\']) >= 0)
        {
            errors.Add($"ProvisioningOptions.{name} '{value}' must be a file name without a folder.");
        }
    }
}
