using System.Net;
using Microsoft.Extensions.Logging;

namespace MailAuth.Spf;

/// <summary>Log events of category <c>MailAuth.Spf</c> (docs/observability.md). Domains and results only, never message content.</summary>
internal static partial class SpfLog
{
    [LoggerMessage(EventId = 1000, EventName = "SpfResult", Level = LogLevel.Debug,
        Message = "SPF {Identity} check of {Domain} for {ClientAddress}: {Result} ({Problem}), {DnsLookups} DNS look-up(s)")]
    internal static partial void Result(ILogger logger, SpfIdentity identity, string domain, IPAddress clientAddress, string result, SpfProblem problem, int dnsLookups);

    [LoggerMessage(EventId = 1001, EventName = "SpfTempError", Level = LogLevel.Information,
        Message = "SPF {Identity} check of {Domain} gave temperror ({Problem}): DNS did not answer in time or failed")]
    internal static partial void TempError(ILogger logger, SpfIdentity identity, string domain, SpfProblem problem);
}
