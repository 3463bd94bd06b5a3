using System.Diagnostics.Metrics;
using SwRel.Domain.Workflow;
using SwRel.Pipeline;
using SwRel.Server.Requests;

namespace SwRel.Server.Telemetry;

/// <summary>The daemon's instruments, on the meter <c>SwRel.Server</c>.</summary>
internal sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters and listeners.</summary>
    public const string MeterName = "SwRel.Server";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _processed;
    private readonly Histogram<double> _processingSeconds;
    private readonly Counter<long> _releases;

    /// <summary>Creates the instruments.</summary>
    /// <remarks>Takes the exporter so that it listens before the first measurement.</remarks>
    public ServerMetrics(IMeterFactory meters, RequestAdmission admission, PrometheusExporter exporter)
    {
        _ = exporter;
        _meter = meters.Create(MeterName);
        _requests = _meter.CreateCounter<long>("swrel_api_requests", description: "Transition requests posted, by answer.");
        _processed = _meter.CreateCounter<long>("swrel_processed_requests", description: "Requests the processor finished, by outcome.");
        _processingSeconds = _meter.CreateHistogram<double>("swrel_processing_seconds", unit: "s", description: "Time to process one request.");
        _releases = _meter.CreateCounter<long>("swrel_releases", description: "Releases moved into a repository area, by area.");
        _meter.CreateObservableGauge("swrel_queue_depth", () => admission.Waiting, description: "Requests accepted and not yet finished.");
    }

    /// <summary>Counts one answer to <c>POST /api/requests</c>.</summary>
    public void Answered(string outcome) => _requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts one processed request and its time.</summary>
    public void Processed(ProcessingReport report, TimeSpan elapsed)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", report.Outcome.ToString());
        _processed.Add(1, outcome);
        _processingSeconds.Record(elapsed.TotalSeconds, outcome);
        if (report.Outcome == ProcessingOutcome.Succeeded && IsArea(report.Request.Current))
        {
            _releases.Add(1, new KeyValuePair<string, object?>("area", report.Request.Current.ToName()));
        }

        // The pipeline's own moves into an area: the oldest Deferred ticket taking the freed stage-rollout slot.
        foreach (var transition in report.Transitions)
        {
            if (transition.To == RolloutProgress.StageRollout && transition.TicketId != report.Request.TicketId)
            {
                _releases.Add(1, new KeyValuePair<string, object?>("area", transition.To.ToName()));
            }
        }
    }

    private static bool IsArea(RolloutProgress state) =>
        state is RolloutProgress.Unverified or RolloutProgress.StageRollout or RolloutProgress.Production;

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
