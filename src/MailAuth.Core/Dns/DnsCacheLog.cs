using Microsoft.Extensions.Logging;

namespace MailAuth.Dns;

/// <summary>Log events of category <c>MailAuth.Dns.Cache</c> (docs/observability.md).</summary>
internal static partial class DnsCacheLog
{
    [LoggerMessage(EventId = 5000, EventName = "DnsQueryFailed", Level = LogLevel.Debug,
        Message = "DNS {Type} query for {Name} failed: {Status}")]
    internal static partial void QueryFailed(ILogger logger, DnsRecordType type, string name, DnsStatus status);

    [LoggerMessage(EventId = 5001, EventName = "DnsResolverFault", Level = LogLevel.Warning,
        Message = "The inner DNS resolver threw for a {Type} query (resolvers must return failures as values)")]
    internal static partial void ResolverFault(ILogger logger, Exception exception, DnsRecordType type);
}
