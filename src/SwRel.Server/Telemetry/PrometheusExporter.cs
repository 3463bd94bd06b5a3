using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace SwRel.Server.Telemetry;

/// <summary>
/// Collects the <c>SwRel.Server</c> meter's instruments through a <see cref="MeterListener"/> and writes
/// them in the Prometheus text exposition format (version 0.0.4).
/// </summary>
/// <remarks>
/// Counters become <c>_total</c> series, histograms cumulative <c>_bucket</c>, <c>_sum</c> and <c>_count</c>
/// series over fixed bounds, observable gauges are read at each scrape. Our own exporter rather than a
/// library: it is small, and it keeps the native AOT build of <c>swrel</c> free of reflection. Thread-safe.
/// </remarks>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>The content type of the exposition format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();
    private readonly Lock _scrape = new();

    /// <summary>Starts listening to the meter named <paramref name="meterName"/> that <paramref name="meters"/> creates.</summary>
    public PrometheusExporter(IMeterFactory meters, string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // The scope tells this host's meter from another host's of the same name in the same process.
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                _series.TryAdd(instrument, new Series());
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Writes every series.</summary>
    public string Scrape()
    {
        var text = new StringBuilder();
        lock (_scrape)
        {
            _listener.RecordObservableInstruments();
            foreach (var (instrument, series) in _series.OrderBy(pair => pair.Key.Name, StringComparer.Ordinal))
            {
                series.Write(instrument, text);
            }
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(instrument, out var series))
        {
            series.Add(instrument, Labels(tags), value);
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var tag in tags)
        {
            text.Append(text.Length == 0 ? "" : ",").Append(tag.Key).Append("=\"");
            foreach (var c in Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")
            {
                text.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
            }

            text.Append('"');
        }

        return text.ToString();
    }

    private static string Number(double value) => double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Series
    {
        private readonly ConcurrentDictionary<string, Cell> _cells = new(StringComparer.Ordinal);

        public void Add(Instrument instrument, string labels, double value)
        {
            var cell = _cells.GetOrAdd(labels, _ => new Cell());
            lock (cell)
            {
                switch (instrument)
                {
                    case ObservableGauge<int> or ObservableGauge<long> or ObservableGauge<double>:
                        cell.Sum = value;
                        break;
                    case Histogram<double> or Histogram<long>:
                        cell.Buckets ??= new long[Bounds.Length];
                        for (var i = 0; i < Bounds.Length; i++)
                        {
                            if (value <= Bounds[i])
                            {
                                cell.Buckets[i]++;
                            }
                        }

                        cell.Sum += value;
                        cell.Count++;
                        break;
                    default:
                        cell.Sum += value;
                        break;
                }
            }
        }

        public void Write(Instrument instrument, StringBuilder text)
        {
            var name = instrument.Name;
            var (type, suffix) = instrument switch
            {
                Histogram<double> or Histogram<long> => ("histogram", ""),
                Counter<long> or Counter<int> or Counter<double> => ("counter", "_total"),
                _ => ("gauge", ""),
            };
            if (instrument.Description is { } help)
            {
                text.Append("# HELP ").Append(name).Append(suffix).Append(' ').Append(help).Append('\n');
            }

            text.Append("# TYPE ").Append(name).Append(suffix).Append(' ').Append(type).Append('\n');
            foreach (var (labels, cell) in _cells.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                lock (cell)
                {
                    if (type != "histogram")
                    {
                        text.Append(name).Append(suffix).Append(labels.Length == 0 ? "" : $"{{{labels}}}").Append(' ').Append(Number(cell.Sum)).Append('\n');
                        continue;
                    }

                    var separator = labels.Length == 0 ? "" : ",";
                    for (var i = 0; i < Bounds.Length; i++)
                    {
                        text.Append(name).Append("_bucket{").Append(labels).Append(separator).Append("le=\"").Append(Number(Bounds[i])).Append("\"} ")
                            .Append(cell.Buckets![i].ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }

                    text.Append(name).Append("_bucket{").Append(labels).Append(separator).Append("le=\"+Inf\"} ").Append(cell.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    var plain = labels.Length == 0 ? "" : $"{{{labels}}}";
                    text.Append(name).Append("_sum").Append(plain).Append(' ').Append(Number(cell.Sum)).Append('\n');
                    text.Append(name).Append("_count").Append(plain).Append(' ').Append(cell.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }
    }

    private sealed class Cell
    {
        public double Sum;
        public long Count;
        public long[]? Buckets;
    }
}
