namespace SwRel.Cli;

/// <summary>A mistake on the command line that the parser cannot see (exit code 2).</summary>
/// <param name="message">What is wrong, in words the user understands.</param>
internal sealed class UsageException(string message) : Exception(message);
