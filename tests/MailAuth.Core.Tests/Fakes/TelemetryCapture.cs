using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using MailAuth.Diagnostics;

namespace MailAuth.Tests.Fakes;

/// <summary>One measurement of an instrument of the MailAuth meter.</summary>
public sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out object? value) ? value?.ToString() : null;
}

/// <summary>
/// Listens, in process, to the <c>MailAuth</c> meter (<see cref="MeterListener"/>) and activity source
/// (<see cref="ActivityListener"/>) while it lives. The meter is process-wide: tests using this run in the
/// non-parallel <see cref="TelemetryCollection"/> so that no other test's measurements mix in.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<Measured> _measurements = new();
    private readonly ConcurrentQueue<Activity> _spans = new();

    public TelemetryCapture()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MailAuthDiagnostics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MailAuthDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _spans.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public IReadOnlyList<Measured> Measurements => [.. _measurements];

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IEnumerable<Measured> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new Measured(instrument.Name, instrument.Unit, value, copy));
    }
}

/// <summary>Tests that listen to the process-wide meter and activity source run alone, not beside other tests.</summary>
[Xunit.CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
