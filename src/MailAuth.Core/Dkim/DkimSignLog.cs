using Microsoft.Extensions.Logging;

namespace MailAuth.Dkim;

/// <summary>Log events of category <c>MailAuth.Dkim.Sign</c> (docs/observability.md). Never message content, never key material.</summary>
internal static partial class DkimSignLog
{
    [LoggerMessage(EventId = 3000, EventName = "DkimSigned", Level = LogLevel.Debug,
        Message = "DKIM-signed for d={Domain} s={Selector} with {Algorithm}")]
    internal static partial void Signed(ILogger logger, string domain, string selector, string algorithm);

    [LoggerMessage(EventId = 3001, EventName = "DkimNoKey", Level = LogLevel.Warning,
        Message = "No usable DKIM signing key for {Domain}: {Reason}. The message is not signed")]
    internal static partial void NoKey(ILogger logger, string domain, string reason);

    [LoggerMessage(EventId = 3002, EventName = "DkimKeyMissing", Level = LogLevel.Warning,
        Message = "No usable DKIM signing key for d={Domain} s={Selector}; signing with the other selectors")]
    internal static partial void KeyMissing(ILogger logger, string domain, string selector);

    [LoggerMessage(EventId = 3003, EventName = "DkimNoSigningDomain", Level = LogLevel.Warning,
        Message = "No signing domain: {Problem}. The message is not signed")]
    internal static partial void NoSigningDomain(ILogger logger, string problem);
}
