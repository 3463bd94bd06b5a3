using Microsoft.Extensions.Options;

namespace SwRel.Pipeline.Sqlite;

/// <summary>Validates <see cref="SqliteRequestQueueOptions"/> at start.</summary>
internal sealed class SqliteRequestQueueOptionsValidator : IValidateOptions<SqliteRequestQueueOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SqliteRequestQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Check(options) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }

    internal static string? Check(SqliteRequestQueueOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            return "SqliteRequestQueueOptions.DatabasePath is required: the path of the queue's database file.";
        }

        if (options.DatabasePath.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return $"SqliteRequestQueueOptions.DatabasePath '{options.DatabasePath}' holds a character that is not valid in a path.";
        }

        if (options.BusyTimeout < TimeSpan.FromSeconds(1))
        {
            return $"SqliteRequestQueueOptions.BusyTimeout is {options.BusyTimeout}; it must be at least one second.";
        }

        return null;
    }
}
