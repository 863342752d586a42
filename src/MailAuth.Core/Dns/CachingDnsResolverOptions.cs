using Microsoft.Extensions.Logging;
using MailAuth.Text;

namespace MailAuth.Dns;

/// <summary>
/// Settings of a <see cref="CachingDnsResolver"/>. Validated once into a frozen copy when the resolver is built
/// (docs/options.md); later changes to this object do not affect it.
/// </summary>
public sealed class CachingDnsResolverOptions
{
    // Set on the copies Freeze makes: checked already, and nobody else holds a reference that could change.
    private bool _frozen;

    /// <summary>How many answers the cache holds; the least recently used is evicted first. 0 turns caching off (coalescing stays).</summary>
    /// <value>10,000; zero or more.</value>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>The shortest time any definitive answer is kept, even when its TTL is lower (RFC 1035 §3.2.1 TTL 0 means "do not cache": keep zero to honour it).</summary>
    /// <value>Zero; zero or more.</value>
    public TimeSpan MinTimeToLive { get; init; } = TimeSpan.Zero;

    /// <summary>The longest time a positive answer is kept (RFC 2181 §8 allows TTLs up to 68 years).</summary>
    /// <value>1 day; zero or more.</value>
    public TimeSpan MaxTimeToLive { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The longest time an NXDOMAIN or NODATA answer is kept.</summary>
    /// <value>3 hours (RFC 2308 §5: "values of one to three hours have been found to work well"); zero or more.</value>
    public TimeSpan MaxNegativeTimeToLive { get; init; } = TimeSpan.FromHours(3);

    /// <summary>How long a timeout, SERVFAIL, REFUSED or other failure is kept (RFC 2308 §7.1 allows at most 5 minutes).</summary>
    /// <value>Zero: failures are not cached, the next query asks again; at most 5 minutes.</value>
    public TimeSpan TransientFailureTimeToLive { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The clock for expiry; a fake clock makes tests deterministic. Ignored when a <see cref="MessageAuthenticator"/>
    /// builds the cache: it hands down its own <see cref="MessageAuthenticatorOptions.TimeProvider"/>.
    /// </summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the cache logs (category <c>MailAuth.Dns.Cache</c>; docs/observability.md); <see langword="null"/> for no logs.
    /// Replaced by <see cref="MessageAuthenticatorOptions.LoggerFactory"/> when a <see cref="MessageAuthenticator"/> builds the cache and that is set.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Checks every value and returns a private copy (docs/options.md); a copy it made is returned as it is.</summary>
    /// <param name="path">The path of these options inside enclosing options (e.g. <c>Cache</c>), for exception messages.</param>
    /// <param name="timeProvider">The clock to use instead of <see cref="TimeProvider"/> (the facade's), or <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory to use instead of <see cref="LoggerFactory"/> (the facade's), or <see langword="null"/>.</param>
    /// <returns>The frozen copy.</returns>
    internal CachingDnsResolverOptions Freeze(string? path = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        if (_frozen && path is null && timeProvider is null && loggerFactory is null)
        {
            return this;
        }

        return new CachingDnsResolverOptions
        {
            MaxEntries = OptionChecks.AtLeast(MaxEntries, 0, OptionChecks.Name(path, nameof(MaxEntries))),
            MinTimeToLive = OptionChecks.AtLeast(MinTimeToLive, TimeSpan.Zero, OptionChecks.Name(path, nameof(MinTimeToLive))),
            MaxTimeToLive = OptionChecks.AtLeast(MaxTimeToLive, TimeSpan.Zero, OptionChecks.Name(path, nameof(MaxTimeToLive))),
            MaxNegativeTimeToLive = OptionChecks.AtLeast(MaxNegativeTimeToLive, TimeSpan.Zero, OptionChecks.Name(path, nameof(MaxNegativeTimeToLive))),

            // RFC 2308 §7.1: server failures may be cached for at most five minutes.
            TransientFailureTimeToLive = OptionChecks.InRange(TransientFailureTimeToLive, TimeSpan.Zero, TimeSpan.FromMinutes(5), OptionChecks.Name(path, nameof(TransientFailureTimeToLive))),
            LoggerFactory = loggerFactory ?? LoggerFactory,
            TimeProvider = timeProvider ?? OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }
}
