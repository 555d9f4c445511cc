using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;

namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>Everything the <c>KhoGen</c> meter and activity source emit while it is alive.</summary>
public sealed class TelemetryRecorder : IDisposable
{
    readonly MeterListener _meters = new();
    readonly ActivityListener _activities;
    readonly List<Measurement> _measurements = new();
    readonly List<Activity> _stopped = new();

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    public TelemetryRecorder()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KhoTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _meters.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KhoTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (_stopped) _stopped.Add(a); },
        };
        ActivitySource.AddActivityListener(_activities);
    }

    void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var t in tags) copy[t.Key] = t.Value;
        lock (_measurements) _measurements.Add(new Measurement(instrument.Name, value, copy));
    }

    public IReadOnlyList<Measurement> Of(string instrument)
    {
        lock (_measurements) return _measurements.Where(m => m.Instrument == instrument).ToList();
    }

    public IReadOnlyList<Activity> Activities
    {
        get { lock (_stopped) return _stopped.ToList(); }
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }
}
