namespace SwRel.Cli.Metrics;

/// <summary>How <c>swrel metrics</c> prints its result.</summary>
/// <remarks>
/// An enum, like <see cref="OutputFormat"/> for the other commands, so that <c>--format</c> is parsed the
/// same way everywhere: the names in any case (<c>json</c>, <c>JSON</c>, <c>Json</c>).
/// </remarks>
internal enum MetricsFormat
{
    /// <summary>Tables for people.</summary>
    Text = 0,

    /// <summary>One JSON object with every metric.</summary>
    Json,

    /// <summary>The monthly table as CSV.</summary>
    Csv,

    /// <summary>A self-contained SVG chart of the monthly series.</summary>
    Svg,
}
