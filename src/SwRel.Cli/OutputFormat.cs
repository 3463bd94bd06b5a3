namespace SwRel.Cli;

/// <summary>How a command prints its result.</summary>
internal enum OutputFormat
{
    /// <summary>Lines for people.</summary>
    Text = 0,

    /// <summary>JSON for programs.</summary>
    Json,
}
