namespace MailAuth.Reports;

/// <summary>
/// A per-destination limit on failure reports (RFC 9991 §2: report generators MUST rate-limit; §8.1, RFC 7489 §7.3): at most
/// <see cref="DmarcFailureReportRateLimiterOptions.MaxReportsPerWindow"/> reports per destination in a fixed window that
/// starts with the destination's first report. Memory is bounded by <see cref="DmarcFailureReportRateLimiterOptions.MaxDestinations"/>.
/// Thread-safe; share one instance per process.
/// </summary>
public sealed class DmarcFailureReportRateLimiter
{
    private readonly DmarcFailureReportRateLimiterOptions _options;
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.OrdinalIgnoreCase);

    // Window starts in the order they began, so expired counters are found at the front: each TryAcquire removes what has
    // expired in amortised O(1). An entry whose destination started a newer window since is stale and just dropped.
    private readonly Queue<(string Destination, long Start)> _starts = new();
    private readonly object _lock = new();

    /// <summary>Creates a limiter.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public DmarcFailureReportRateLimiter(DmarcFailureReportRateLimiterOptions? options = null)
    {
        options ??= new DmarcFailureReportRateLimiterOptions();
        options.Validate();
        _options = options;
    }

    /// <summary>The number of destinations tracked now.</summary>
    public int TrackedDestinations
    {
        get
        {
            lock (_lock)
            {
                return _counters.Count;
            }
        }
    }

    /// <summary>Takes one report from the destination's allowance.</summary>
    /// <param name="destination">The destination, e.g. the <c>ruf</c> mail address (compared case-insensitively).</param>
    /// <returns><see langword="true"/> when the report may be sent; <see langword="false"/> when the destination reached its
    /// limit in the current window or the table is full.</returns>
    public bool TryAcquire(string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        long now = _options.TimeProvider.GetUtcNow().UtcTicks;
        long window = _options.Window.Ticks;
        lock (_lock)
        {
            while (_starts.TryPeek(out var oldest) && now - oldest.Start >= window)
            {
                _starts.Dequeue();
                if (_counters.TryGetValue(oldest.Destination, out Counter? expired) && expired.Start == oldest.Start)
                {
                    _counters.Remove(oldest.Destination);
                }
            }

            if (_counters.TryGetValue(destination, out Counter? counter))
            {
                if (counter.Count >= _options.MaxReportsPerWindow)
                {
                    return false;
                }

                counter.Count++;
                return true;
            }

            if (_counters.Count >= _options.MaxDestinations)
            {
                return false;
            }

            _counters.Add(destination, new Counter(now));
            _starts.Enqueue((destination, now));
            return true;
        }
    }

    private sealed class Counter(long start)
    {
        public long Start { get; } = start;

        public int Count { get; set; } = 1;
    }
}
