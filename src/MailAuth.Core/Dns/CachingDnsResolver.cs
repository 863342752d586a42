using System.Diagnostics;
using System.Net;
using MailAuth.Diagnostics;
using MailAuth.Text;
using Microsoft.Extensions.Logging;

namespace MailAuth.Dns;

/// <summary>
/// An <see cref="IDnsResolver"/> decorator that caches answers by their TTL (RFC 1035 §3.2.1) and negative answers by
/// their negative TTL (RFC 2308 §5), within the clamps of <see cref="CachingDnsResolverOptions"/>, in a bounded
/// least-recently-used store, and joins concurrent identical queries into one query to the inner resolver.
/// </summary>
/// <remarks>
/// Answers from the cache carry the remaining TTL. Transient failures are not cached unless
/// <see cref="CachingDnsResolverOptions.TransientFailureTimeToLive"/> says so. A caller that cancels stops waiting at
/// once; the shared query to the inner resolver is cancelled only when every caller waiting for it has cancelled.
/// Thread-safe.
/// </remarks>
public sealed class CachingDnsResolver : IDnsResolver
{
    private readonly IDnsResolver _inner;
    private readonly CachingDnsResolverOptions _options;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Dictionary<Key, Flight> _inFlight = [];
    private readonly ILogger _logger;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The resolver that answers cache misses.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults. Validated and copied: later changes have no effect.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public CachingDnsResolver(IDnsResolver inner, CachingDnsResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _options = (options ?? new CachingDnsResolverOptions()).Freeze();
        _time = _options.TimeProvider;
        _logger = Telemetry.CreateLogger(_options.LoggerFactory, MailAuthDiagnostics.DnsCacheCategory);
    }

    /// <summary>The number of answers in the cache (expired ones included until they are looked up or evicted).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Removes every cached answer.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

    /// <inheritdoc />
    public ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Txt, static (r, n, t) => r.QueryTxtAsync(n, t), name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.A, static (r, n, t) => r.QueryAAsync(n, t), name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Aaaa, static (r, n, t) => r.QueryAaaaAsync(n, t), name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default)
        => QueryAsync(name, DnsRecordType.Mx, static (r, n, t) => r.QueryMxAsync(n, t), name, cancellationToken);

    /// <inheritdoc />
    public ValueTask<DnsResponse<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return QueryAsync(DnsNames.ToReverseName(address), DnsRecordType.Ptr, static (r, a, t) => r.QueryPtrAsync(a, t), address, cancellationToken);
    }

    private async ValueTask<DnsResponse<T>> QueryAsync<T, TArg>(
        string name,
        DnsRecordType type,
        Func<IDnsResolver, TArg, CancellationToken, ValueTask<DnsResponse<T>>> fetch,
        TArg argument,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        if (!DomainName.TryCreateQueryName(name, out DomainName queryName, out _))
        {
            // Not cacheable; the inner resolver reports the bad name.
            return await fetch(_inner, argument, cancellationToken).ConfigureAwait(false);
        }

        string normalized = queryName.Value;

        var key = new Key(type, normalized);
        Flight flight;
        bool owner = false;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                TimeSpan remaining = node.Value.ExpiresAt - _time.GetUtcNow();
                if (remaining > TimeSpan.Zero)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    CountLookup(Telemetry.DnsCacheHits, type);
                    var cached = (DnsResponse<T>)node.Value.Response;
                    return new DnsResponse<T>(cached.Status, cached.Records, remaining < cached.TimeToLive ? remaining : cached.TimeToLive, cached.ErrorMessage);
                }

                Remove(node);
            }

            if (_inFlight.TryGetValue(key, out Flight? existing))
            {
                flight = existing;
            }
            else
            {
                flight = new Flight();
                _inFlight[key] = flight;
                owner = true;
            }

            flight.Waiters++;
        }

        CountLookup(Telemetry.DnsCacheMisses, type);

        if (owner)
        {
            _ = RunAsync(key, flight, fetch, argument);
        }

        try
        {
            return (DnsResponse<T>)await flight.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (--flight.Waiters == 0 && !flight.Result.Task.IsCompleted)
                {
                    // Nobody wants the answer any more: stop the shared query and let the next caller start afresh.
                    flight.Cancellation.Cancel();
                    if (_inFlight.TryGetValue(key, out Flight? current) && current == flight)
                    {
                        _inFlight.Remove(key);
                    }
                }
            }

            throw;
        }
    }

    private async Task RunAsync<T, TArg>(Key key, Flight flight, Func<IDnsResolver, TArg, CancellationToken, ValueTask<DnsResponse<T>>> fetch, TArg argument)
    {
        // One client span and one latency measurement per query sent past the cache (OpenTelemetry dns.question.name).
        using Activity? activity = Telemetry.Source.StartActivity("mailauth.dns.lookup", ActivityKind.Client);
        activity?.SetTag(Telemetry.DnsNameTag, key.Name);
        activity?.SetTag(Telemetry.DnsTypeTag, TypeName(key.Type));
        long start = Telemetry.Start(Telemetry.DnsDuration);
        try
        {
            DnsResponse<T> response = await fetch(_inner, argument, flight.Cancellation.Token).ConfigureAwait(false);
            Measure(key, response.Status, start, activity);
            lock (_gate)
            {
                EndFlight(key, flight);
                Store(key, response, response.Status, response.Records.Count, response.TimeToLive);
            }

            flight.Result.TrySetResult(response);
        }
        catch (OperationCanceledException e)
        {
            lock (_gate)
            {
                EndFlight(key, flight);
            }

            flight.Result.TrySetCanceled(e.CancellationToken);
        }
#pragma warning disable CA1031 // A misbehaving inner resolver's exception goes to every waiting caller.
        catch (Exception e)
#pragma warning restore CA1031
        {
            DnsCacheLog.ResolverFault(_logger, e, key.Type);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            lock (_gate)
            {
                EndFlight(key, flight);
            }

            flight.Result.TrySetException(e);
        }
    }

    private static void CountLookup(System.Diagnostics.Metrics.Counter<long> counter, DnsRecordType type)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(Telemetry.DnsTypeTag, TypeName(type)));
        }
    }

    // Counts the query, records its latency and, for a failure (not NXDOMAIN, which is an answer), logs it and marks the span.
    private void Measure(Key key, DnsStatus status, long start, Activity? activity)
    {
        var type = new KeyValuePair<string, object?>(Telemetry.DnsTypeTag, TypeName(key.Type));
        var state = new KeyValuePair<string, object?>(Telemetry.DnsStatusTag, StatusName(status));
        if (Telemetry.DnsQueries.Enabled)
        {
            Telemetry.DnsQueries.Add(1, type, state);
        }

        if (start != 0)
        {
            Telemetry.DnsDuration.Record(Telemetry.Elapsed(start), type, state);
        }

        activity?.SetTag(Telemetry.DnsStatusTag, StatusName(status));
        if (status is not (DnsStatus.NoError or DnsStatus.NxDomain))
        {
            activity?.SetTag(Telemetry.ErrorTypeTag, StatusName(status));
            activity?.SetStatus(ActivityStatusCode.Error);
            DnsCacheLog.QueryFailed(_logger, key.Type, key.Name, status);
        }
    }

    private static string TypeName(DnsRecordType type) => type switch
    {
        DnsRecordType.Txt => "TXT",
        DnsRecordType.A => "A",
        DnsRecordType.Aaaa => "AAAA",
        DnsRecordType.Mx => "MX",
        DnsRecordType.Ptr => "PTR",
        _ => "other",
    };

    // Lower-case words, as OpenTelemetry's error.type values are.
    private static string StatusName(DnsStatus status) => status switch
    {
        DnsStatus.NoError => "noerror",
        DnsStatus.NxDomain => "nxdomain",
        DnsStatus.ServerFailure => "servfail",
        DnsStatus.Refused => "refused",
        DnsStatus.FormatError => "formerr",
        DnsStatus.Timeout => "timeout",
        _ => "other",
    };

    // Caller holds _gate.
    private void EndFlight(Key key, Flight flight)
    {
        if (_inFlight.TryGetValue(key, out Flight? current) && current == flight)
        {
            _inFlight.Remove(key);
        }
    }

    // Caller holds _gate.
    private void Store(Key key, object response, DnsStatus status, int recordCount, TimeSpan ttl)
    {
        TimeSpan keep = status switch
        {
            DnsStatus.NoError when recordCount > 0 => Clamp(ttl, _options.MinTimeToLive, _options.MaxTimeToLive),
            DnsStatus.NoError or DnsStatus.NxDomain => Clamp(ttl, _options.MinTimeToLive, _options.MaxNegativeTimeToLive),
            _ => _options.TransientFailureTimeToLive,
        };
        if (keep <= TimeSpan.Zero || _options.MaxEntries == 0)
        {
            return;
        }

        if (_entries.TryGetValue(key, out LinkedListNode<Entry>? old))
        {
            Remove(old);
        }

        while (_entries.Count >= _options.MaxEntries && _recency.Last is { } last)
        {
            Remove(last);
        }

        // Saturating: the TTL bounds are options that may be as large as TimeSpan.MaxValue (issue 8 item 10).
        _entries[key] = _recency.AddFirst(new Entry(key, response, TimeArithmetic.AddSaturating(_time.GetUtcNow(), keep)));
    }

    // Caller holds _gate.
    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max)
    {
        return value < min ? min : value > max ? max : value;
    }

    private readonly record struct Key(DnsRecordType Type, string Name);

    private sealed record Entry(Key Key, object Response, DateTimeOffset ExpiresAt);

    private sealed class Flight
    {
        public TaskCompletionSource<object> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Cancellation { get; } = new();

        public int Waiters { get; set; }
    }
}
