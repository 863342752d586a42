using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailAuth.Diagnostics;

/// <summary>
/// The one <see cref="Meter"/> and <see cref="ActivitySource"/> of the library and their instruments (docs/observability.md).
/// Every instrument checks <see cref="Instrument.Enabled"/> first, so with no listener a measurement is one field read.
/// </summary>
internal static class Telemetry
{
    /// <summary>Attribute names. OpenTelemetry semantic conventions where one exists (dns.*, error.type, client.address).</summary>
    internal const string ProtocolTag = "mailauth.protocol";
    internal const string ResultTag = "mailauth.result";
    internal const string DomainTag = "mailauth.domain";
    internal const string SelectorTag = "mailauth.dkim.selector";
    internal const string CountTag = "mailauth.count";
    internal const string ErrorTypeTag = "error.type";
    internal const string ClientAddressTag = "client.address";
    internal const string DnsNameTag = "dns.question.name";
    internal const string DnsTypeTag = "dns.question.type";
    internal const string DnsStatusTag = "mailauth.dns.status";
    internal const string PolicyActionTag = "mailauth.policy.action";
    internal const string PolicyOverrideTag = "mailauth.policy.override";
    internal const string PolicyDimensionTag = "mailauth.policy.dimension";

    private static readonly string? Version = typeof(Telemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(MailAuthDiagnostics.ActivitySourceName, Version);

    internal static readonly Meter Meter = new(MailAuthDiagnostics.MeterName, Version);

    /// <summary>One per protocol result: tags <see cref="ProtocolTag"/> (spf, sender-id, dkim, dmarc) and <see cref="ResultTag"/> (the RFC 8601 word).</summary>
    internal static readonly Counter<long> Results =
        Meter.CreateCounter<long>("mailauth.results", "{result}", "Authentication results, by protocol and result word.");

    /// <summary>One per signing call: <see cref="ResultTag"/> signed or nokey.</summary>
    internal static readonly Counter<long> SignResults =
        Meter.CreateCounter<long>("mailauth.sign.results", "{result}", "DKIM signing results: signed, or nokey when no usable key was found.");

    /// <summary>Queries the DNS cache sent to its inner resolver: tags <see cref="DnsTypeTag"/> and <see cref="DnsStatusTag"/>.</summary>
    internal static readonly Counter<long> DnsQueries =
        Meter.CreateCounter<long>("mailauth.dns.queries", "{query}", "DNS queries sent past the cache, by record type and answer status.");

    internal static readonly Counter<long> DnsCacheHits =
        Meter.CreateCounter<long>("mailauth.dns.cache.hits", "{lookup}", "DNS look-ups answered from the cache.");

    internal static readonly Counter<long> DnsCacheMisses =
        Meter.CreateCounter<long>("mailauth.dns.cache.misses", "{lookup}", "DNS look-ups not in the cache (joined to a running query or sent).");

    internal static readonly Histogram<double> DnsDuration =
        Meter.CreateHistogram<double>("mailauth.dns.lookup.duration", "s", "Time of the DNS queries sent past the cache.");

    /// <summary>Duration of one verification call: tag <see cref="ProtocolTag"/> (spf, sender-id, dkim, dmarc, message).</summary>
    internal static readonly Histogram<double> VerifyDuration =
        Meter.CreateHistogram<double>("mailauth.verify.duration", "s", "Duration of one verification, by protocol ('message' for the whole facade call).");

    internal static readonly Histogram<double> SignDuration =
        Meter.CreateHistogram<double>("mailauth.sign.duration", "s", "Duration of one DKIM signing call.");

    /// <summary>One per receiver-policy decision: tags <see cref="PolicyActionTag"/> and <see cref="PolicyOverrideTag"/> (words only, never a domain).</summary>
    internal static readonly Counter<long> PolicyDecisions =
        Meter.CreateCounter<long>("mailauth.policy.decisions", "{decision}", "Receiver-policy decisions, by action and override reason.");

    /// <summary>Decisions counted in the statistics' "(other)" bucket because the domain limit was reached: tag <see cref="PolicyDimensionTag"/> (customer, sender).</summary>
    internal static readonly Counter<long> PolicyStatisticsOverflow =
        Meter.CreateCounter<long>("mailauth.policy.statistics.overflow", "{decision}", "Decisions counted under (other) because MaxTrackedDomains domains are already tracked.");

    /// <summary>A logger of <paramref name="category"/>, or the null logger when no factory is configured.</summary>
    internal static ILogger CreateLogger(ILoggerFactory? factory, string category) =>
        factory is null ? NullLogger.Instance : factory.CreateLogger(category);

    /// <summary>A start time for <see cref="Elapsed"/>, or 0 (no clock read) when nobody listens to <paramref name="histogram"/>.</summary>
    internal static long Start(Histogram<double> histogram) => histogram.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Seconds since <paramref name="start"/>.</summary>
    internal static double Elapsed(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;

    /// <summary>Counts one result of <paramref name="protocol"/>.</summary>
    internal static void CountResult(string protocol, string result)
    {
        if (Results.Enabled)
        {
            Results.Add(1, new KeyValuePair<string, object?>(ProtocolTag, protocol), new KeyValuePair<string, object?>(ResultTag, result));
        }
    }

    /// <summary>Counts one receiver-policy decision.</summary>
    internal static void CountDecision(string action, string policyOverride)
    {
        if (PolicyDecisions.Enabled)
        {
            PolicyDecisions.Add(1, new KeyValuePair<string, object?>(PolicyActionTag, action), new KeyValuePair<string, object?>(PolicyOverrideTag, policyOverride));
        }
    }

    /// <summary>Counts one decision that went to the statistics' overflow bucket of <paramref name="dimension"/>.</summary>
    internal static void CountStatisticsOverflow(string dimension)
    {
        if (PolicyStatisticsOverflow.Enabled)
        {
            PolicyStatisticsOverflow.Add(1, new KeyValuePair<string, object?>(PolicyDimensionTag, dimension));
        }
    }
}
