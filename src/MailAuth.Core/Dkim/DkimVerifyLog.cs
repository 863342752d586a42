using Microsoft.Extensions.Logging;

namespace MailAuth.Dkim;

/// <summary>Log events of category <c>MailAuth.Dkim.Verify</c> (docs/observability.md). Never a header or body byte, never key material.</summary>
internal static partial class DkimVerifyLog
{
    [LoggerMessage(EventId = 2000, EventName = "DkimSignatureResult", Level = LogLevel.Debug,
        Message = "DKIM signature {Index} d={Domain} s={Selector}: {Result} ({Problem})")]
    internal static partial void Result(ILogger logger, int index, string? domain, string? selector, string result, DkimProblem problem);

    [LoggerMessage(EventId = 2001, EventName = "DkimKeyTempError", Level = LogLevel.Information,
        Message = "DKIM key of d={Domain} s={Selector} could not be fetched ({Problem}): the signature gives temperror")]
    internal static partial void KeyTempError(ILogger logger, string? domain, string? selector, DkimProblem problem);

    [LoggerMessage(EventId = 2002, EventName = "DkimVerified", Level = LogLevel.Debug,
        Message = "DKIM verification of {Count} signature(s) done: {Passed} pass")]
    internal static partial void Verified(ILogger logger, int count, int passed);
}
