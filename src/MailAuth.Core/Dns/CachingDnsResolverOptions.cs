namespace MailAuth.Dns;

/// <summary>Settings of a <see cref="CachingDnsResolver"/>.</summary>
public sealed class CachingDnsResolverOptions
{
    private int _maximumEntries = 10_000;
    private TimeSpan _minimumTimeToLive = TimeSpan.Zero;
    private TimeSpan _maximumTimeToLive = TimeSpan.FromDays(1);
    private TimeSpan _maximumNegativeTimeToLive = TimeSpan.FromHours(3);
    private TimeSpan _transientFailureTimeToLive = TimeSpan.Zero;

    /// <summary>How many answers the cache holds; the least recently used is evicted first. 0 turns caching off (coalescing stays).</summary>
    /// <value>10,000.</value>
    public int MaximumEntries
    {
        get => _maximumEntries;
        set => _maximumEntries = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Must not be negative.");
    }

    /// <summary>The shortest time any definitive answer is kept, even when its TTL is lower (RFC 1035 §3.2.1 TTL 0 means "do not cache": keep zero to honour it).</summary>
    /// <value>Zero.</value>
    public TimeSpan MinimumTimeToLive
    {
        get => _minimumTimeToLive;
        set => _minimumTimeToLive = NotNegative(value);
    }

    /// <summary>The longest time a positive answer is kept (RFC 2181 §8 allows TTLs up to 68 years).</summary>
    /// <value>1 day.</value>
    public TimeSpan MaximumTimeToLive
    {
        get => _maximumTimeToLive;
        set => _maximumTimeToLive = NotNegative(value);
    }

    /// <summary>The longest time an NXDOMAIN or NODATA answer is kept.</summary>
    /// <value>3 hours (RFC 2308 §5: "values of one to three hours have been found to work well").</value>
    public TimeSpan MaximumNegativeTimeToLive
    {
        get => _maximumNegativeTimeToLive;
        set => _maximumNegativeTimeToLive = NotNegative(value);
    }

    /// <summary>How long a timeout, SERVFAIL, REFUSED or other failure is kept (RFC 2308 §7.1 allows at most 5 minutes).</summary>
    /// <value>Zero: failures are not cached, the next query asks again.</value>
    public TimeSpan TransientFailureTimeToLive
    {
        get => _transientFailureTimeToLive;
        set => _transientFailureTimeToLive = value >= TimeSpan.Zero && value <= TimeSpan.FromMinutes(5)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), "Must be 0 to 5 minutes (RFC 2308 §7.1).");
    }

    /// <summary>The clock for expiry; a fake clock makes tests deterministic.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    private static TimeSpan NotNegative(TimeSpan value)
    {
        return value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "Must not be negative.");
    }
}
