using MailAuth.Text;

namespace MailAuth.Audit;

/// <summary>
/// Limits and thresholds of <see cref="DomainAuditor"/>. Validated once into a frozen copy when the auditor is built
/// (docs/options.md); later changes do not affect it. Every limit bounds work an audited domain controls.
/// </summary>
public sealed class DomainAuditorOptions
{
    private bool _frozen;

    /// <summary>The DNS queries one audit may send (answers it already has are reused, not re-asked).</summary>
    /// <value>200; 10 to 100,000. When spent, further queries fail and the result says <see cref="AuditCodes.Incomplete"/>.</value>
    public int MaxDnsQueries { get; init; } = 200;

    /// <summary>The time budget of one audit.</summary>
    /// <value>60 seconds, at most 49 days, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>. When it runs out, pending and further queries fail and the result says <see cref="AuditCodes.Incomplete"/>.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How deep nested <c>include</c>/<c>redirect</c> chains are followed for the look-up count.</summary>
    /// <value>12; 1 to 100 (an evaluation stops at 10 DNS-querying terms anyway, RFC 7208 §4.6.4).</value>
    public int MaxIncludeDepth { get; init; } = 12;

    /// <summary>The profile IP addresses checked with SPF; more are ignored.</summary>
    /// <value>16; 1 to 1000.</value>
    public int MaxProfileAddresses { get; init; } = 16;

    /// <summary>The profile selectors checked; more are ignored.</summary>
    /// <value>8; 1 to 100.</value>
    public int MaxSelectors { get; init; } = 8;

    /// <summary>The <c>rua</c> and <c>ruf</c> destinations whose authorization is checked.</summary>
    /// <value>8; 0 to 100.</value>
    public int MaxReportDestinations { get; init; } = 8;

    /// <summary>A record TTL above this is reported as too long for changes and key rotation (guide 4.3.2.2).</summary>
    /// <value>1 day.</value>
    public TimeSpan LongTimeToLive { get; init; } = TimeSpan.FromDays(1);

    /// <summary>A record TTL below this is reported as too short for receivers' load (guide 4.3.2).</summary>
    /// <value>5 minutes; at most <see cref="LongTimeToLive"/>.</value>
    public TimeSpan ShortTimeToLive { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>An answer slower than this is reported (guide 4.3.2).</summary>
    /// <value>2 seconds; more than zero.</value>
    public TimeSpan SlowAnswer { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock for the time budget, answer times and the rotation plan.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every value and returns a private copy (docs/options.md).</summary>
    internal DomainAuditorOptions Freeze()
    {
        if (_frozen)
        {
            return this;
        }

        TimeSpan longTtl = OptionChecks.InRange(LongTimeToLive, TimeSpan.Zero, TimeSpan.FromDays(365), nameof(LongTimeToLive));
        return new DomainAuditorOptions
        {
            MaxDnsQueries = OptionChecks.InRange(MaxDnsQueries, 10, 100_000, nameof(MaxDnsQueries)),
            Timeout = OptionChecks.Budget(Timeout, nameof(Timeout)),
            MaxIncludeDepth = OptionChecks.InRange(MaxIncludeDepth, 1, 100, nameof(MaxIncludeDepth)),
            MaxProfileAddresses = OptionChecks.InRange(MaxProfileAddresses, 1, 1000, nameof(MaxProfileAddresses)),
            MaxSelectors = OptionChecks.InRange(MaxSelectors, 1, 100, nameof(MaxSelectors)),
            MaxReportDestinations = OptionChecks.InRange(MaxReportDestinations, 0, 100, nameof(MaxReportDestinations)),
            LongTimeToLive = longTtl,
            ShortTimeToLive = OptionChecks.InRange(ShortTimeToLive, TimeSpan.Zero, longTtl, nameof(ShortTimeToLive)),
            SlowAnswer = OptionChecks.InRange(SlowAnswer, TimeSpan.FromTicks(1), TimeSpan.FromDays(1), nameof(SlowAnswer)),
            TimeProvider = OptionChecks.NotNull(TimeProvider, nameof(TimeProvider)),
            _frozen = true,
        };
    }
}
