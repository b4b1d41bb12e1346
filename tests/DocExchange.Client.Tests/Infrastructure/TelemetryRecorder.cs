using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DocExchange.Client.Tests.Infrastructure;

/// <summary>
/// Listens to every activity and to the DocExchange.Client meter, and keeps what belongs to the trace of its own root
/// activity (<see cref="Begin"/>): other tests run in parallel in the same process, with their own traces.
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private static readonly ActivitySource Test = new("DocExchange.Client.Tests");

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private ActivityTraceId _trace;

    public TelemetryRecorder()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DocExchangeClientTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    /// <summary>Starts the root activity of the test's trace; the client's calls made inside it are recorded.</summary>
    public Activity Begin()
    {
        var root = Test.StartActivity("test")!;
        _trace = root.TraceId;
        return root;
    }

    /// <summary>The activities of the trace that have stopped, from <paramref name="source"/>.</summary>
    public IReadOnlyList<Activity> Activities(string source) =>
        [.. _stopped.Where(a => a.TraceId == _trace && a.Source.Name == source)];

    /// <summary>Grpc.Net.Client's span of each call attempt in the trace.</summary>
    public IReadOnlyList<Activity> GrpcCalls() => [.. _stopped.Where(a => a.TraceId == _trace && a.OperationName == "Grpc.Net.Client.GrpcOut")];

    /// <summary>The measurements of the instrument named <paramref name="instrument"/> made within the trace.</summary>
    public IReadOnlyList<Measurement> Measurements(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct
    {
        // A measurement is made while the operation's span is current: that is what ties it to this test.
        if (Activity.Current?.TraceId == _trace && _trace != default)
        {
            _measurements.Enqueue(new Measurement(instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        }
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public object? this[string tag] => Tags.GetValueOrDefault(tag);
    }
}
