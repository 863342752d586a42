namespace MailAuth.Dns;

/// <summary>Settings of a <see cref="ZoneFileResolver"/>.</summary>
public sealed class ZoneFileResolverOptions
{
    private int _maxCnameChain = 8;
    private TimeSpan _negativeTimeToLive = TimeSpan.FromMinutes(5);
    private TimeSpan _defaultTimeToLive = TimeSpan.FromHours(1);

    /// <summary>
    /// How many CNAME records a query follows before it answers SERVFAIL (a loop or an over-long chain).
    /// </summary>
    /// <value>8, like common recursive resolvers (RFC 1034 §3.6.2 asks resolvers to bound chains).</value>
    public int MaxCnameChain
    {
        get => _maxCnameChain;
        set => _maxCnameChain = value is >= 0 and <= 64 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Must be 0 to 64.");
    }

    /// <summary>
    /// The negative-caching TTL for NXDOMAIN and NODATA answers when no SOA record covers the name
    /// (with a SOA, RFC 2308 §5 applies: the smaller of the SOA TTL and its MINIMUM field).
    /// </summary>
    /// <value>5 minutes.</value>
    public TimeSpan NegativeTimeToLive
    {
        get => _negativeTimeToLive;
        set => _negativeTimeToLive = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "Must not be negative.");
    }

    /// <summary>The TTL of records added with the <c>Add...</c> methods without an explicit TTL.</summary>
    /// <value>1 hour.</value>
    public TimeSpan DefaultTimeToLive
    {
        get => _defaultTimeToLive;
        set => _defaultTimeToLive = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "Must not be negative.");
    }

    /// <summary>The clock that injected latency waits on; a fake clock makes tests deterministic.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
