using MailAuth.Text;

namespace MailAuth.Dns;

/// <summary>
/// Settings of a <see cref="ZoneFileResolver"/>. Validated once into a frozen copy when the resolver is built
/// (docs/options.md); later changes to this object do not affect it.
/// </summary>
public sealed class ZoneFileResolverOptions
{
    /// <summary>
    /// How many CNAME records a query follows before it answers SERVFAIL (a loop or an over-long chain).
    /// </summary>
    /// <value>8, like common recursive resolvers (RFC 1034 §3.6.2 asks resolvers to bound chains); 0 to 64.</value>
    public int MaxCnameChain { get; init; } = 8;

    /// <summary>
    /// The negative-caching TTL for NXDOMAIN and NODATA answers when no SOA record covers the name
    /// (with a SOA, RFC 2308 §5 applies: the smaller of the SOA TTL and its MINIMUM field).
    /// </summary>
    /// <value>5 minutes; zero or more.</value>
    public TimeSpan NegativeTimeToLive { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The TTL of records added with the <c>Add...</c> methods without an explicit TTL.</summary>
    /// <value>1 hour; zero or more.</value>
    public TimeSpan DefaultTimeToLive { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The clock that injected latency waits on; a fake clock makes tests deterministic.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every value and returns a private copy (docs/options.md).</summary>
    /// <returns>The frozen copy.</returns>
    internal ZoneFileResolverOptions Freeze() => new()
    {
        MaxCnameChain = OptionChecks.InRange(MaxCnameChain, 0, 64, nameof(MaxCnameChain)),
        NegativeTimeToLive = OptionChecks.AtLeast(NegativeTimeToLive, TimeSpan.Zero, nameof(NegativeTimeToLive)),
        DefaultTimeToLive = OptionChecks.AtLeast(DefaultTimeToLive, TimeSpan.Zero, nameof(DefaultTimeToLive)),
        TimeProvider = OptionChecks.NotNull(TimeProvider, nameof(TimeProvider)),
    };
}
