using MailAuth.Dns;

namespace MailAuth.Extensions.Hosting;

/// <summary>The in-process <see cref="CachingDnsResolver"/> every check shares; each value feeds <see cref="CachingDnsResolverOptions"/>.</summary>
public sealed class MailAuthCacheOptions
{
    /// <summary>How many answers the cache holds; 0 turns caching off (coalescing stays).</summary>
    /// <value>10,000; zero or more.</value>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>The shortest time a definitive answer is kept, even when its TTL is lower.</summary>
    /// <value>Zero (RFC 1035 §3.2.1: TTL 0 means "do not cache").</value>
    public TimeSpan MinTimeToLive { get; set; } = TimeSpan.Zero;

    /// <summary>The longest time a positive answer is kept.</summary>
    /// <value>1 day.</value>
    public TimeSpan MaxTimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The longest time an NXDOMAIN or NODATA answer is kept (RFC 2308 §5).</summary>
    /// <value>3 hours.</value>
    public TimeSpan MaxNegativeTimeToLive { get; set; } = TimeSpan.FromHours(3);

    /// <summary>How long a timeout or SERVFAIL is kept (RFC 2308 §7.1: at most 5 minutes).</summary>
    /// <value>Zero: failures are asked again.</value>
    public TimeSpan TransientFailureTimeToLive { get; set; } = TimeSpan.Zero;
}
