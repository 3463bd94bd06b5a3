namespace SwRel.Cli.Metrics;

/// <summary>How <c>swrel metrics</c> prints its result.</summary>
internal enum MetricsFormat
{
    /// <summary>Tables for people.</summary>
    Text = 0,

    /// <summary>Every metric as JSON.</summary>
    Json,

    /// <summary>The monthly table as RFC 4180 CSV.</summary>
    Csv,

    /// <summary>The monthly series as an SVG chart.</summary>
    Svg,
}
