using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MailAuth.Diagnostics;

/// <summary>
/// One engine call as seen from outside: its span (named <c>mailauth.{protocol}.{operation}</c>), its duration
/// histogram and its result counter. Costs nothing but two field reads when nobody listens.
/// </summary>
/// <remarks>
/// Use: <c>var call = EngineCall.Start(...); try { … call.Complete(word); } finally { call.Dispose(); }</c>.
/// A call that ends in an exception (cancellation) is disposed without a result: its span ends with no result tag and
/// nothing is counted.
/// </remarks>
internal readonly struct EngineCall : IDisposable
{
    private readonly long _start;
    private readonly Histogram<double> _duration;
    private readonly string _protocol;

    private EngineCall(Activity? activity, long start, Histogram<double> duration, string protocol)
    {
        Activity = activity;
        _start = start;
        _duration = duration;
        _protocol = protocol;
    }

    /// <summary>The span, when somebody listens; set attributes on it with <c>?.SetTag</c>.</summary>
    public Activity? Activity { get; }

    /// <summary>Starts the span and the clock.</summary>
    /// <param name="spanName">The span name (low cardinality).</param>
    /// <param name="protocol">The <c>mailauth.protocol</c> value.</param>
    /// <param name="duration">The histogram the duration goes to.</param>
    /// <param name="kind">The span kind.</param>
    public static EngineCall Start(string spanName, string protocol, Histogram<double> duration, ActivityKind kind = ActivityKind.Internal)
    {
        Activity? activity = Telemetry.Source.StartActivity(spanName, kind);
        activity?.SetTag(Telemetry.ProtocolTag, protocol);
        return new EngineCall(activity, Telemetry.Start(duration), duration, protocol);
    }

    /// <summary>Records the outcome: the result tag on the span, the duration and, when <paramref name="count"/>, one result.</summary>
    /// <param name="result">The result word (RFC 8601 keyword, or signed/nokey).</param>
    /// <param name="errorType">For a temporary or permanent error: its kind, which marks the span as failed (OpenTelemetry <c>error.type</c>).</param>
    /// <param name="count">Whether to count one <c>mailauth.results</c> (DKIM counts each signature itself).</param>
    public void Complete(string result, string? errorType = null, bool count = true)
    {
        if (count)
        {
            Telemetry.CountResult(_protocol, result);
        }

        if (_start != 0)
        {
            _duration.Record(
                Telemetry.Elapsed(_start),
                new KeyValuePair<string, object?>(Telemetry.ProtocolTag, _protocol),
                new KeyValuePair<string, object?>(Telemetry.ResultTag, result));
        }

        if (Activity is { } activity)
        {
            activity.SetTag(Telemetry.ResultTag, result);
            if (errorType is not null)
            {
                activity.SetTag(Telemetry.ErrorTypeTag, errorType);
                activity.SetStatus(ActivityStatusCode.Error, result);
            }
        }
    }

    /// <summary>Ends the span.</summary>
    public void Dispose() => Activity?.Dispose();
}
