using Microsoft.Extensions.Logging;

namespace MailAuth.Dmarc;

/// <summary>Log events of category <c>MailAuth.Dmarc</c> (docs/observability.md). Domains and results only, never message content.</summary>
internal static partial class DmarcLog
{
    [LoggerMessage(EventId = 4000, EventName = "DmarcResult", Level = LogLevel.Debug,
        Message = "DMARC for {Domain}: {Result}, policy {Policy}, disposition {Disposition} ({Problem})")]
    internal static partial void Result(ILogger logger, string? domain, string result, DmarcPolicy? policy, DmarcPolicy disposition, DmarcProblem problem);

    [LoggerMessage(EventId = 4001, EventName = "DmarcTempError", Level = LogLevel.Information,
        Message = "DMARC policy of {Domain} could not be fetched ({Problem}): temperror")]
    internal static partial void TempError(ILogger logger, string? domain, DmarcProblem problem);
}
