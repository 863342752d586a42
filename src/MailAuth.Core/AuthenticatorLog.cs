using System.Net;
using MailAuth.Messages;
using Microsoft.Extensions.Logging;

namespace MailAuth;

/// <summary>Log events of category <c>MailAuth.Authenticator</c> (docs/observability.md). Results and identities only, never message content.</summary>
internal static partial class AuthenticatorLog
{
    [LoggerMessage(EventId = 7000, EventName = "Authenticated", Level = LogLevel.Debug,
        Message = "Message from {ClientAddress}: spf={Spf} dkim={DkimSignatures} signature(s), {DkimPassed} pass, dmarc={Dmarc} for {FromDomain}")]
    internal static partial void Authenticated(ILogger logger, IPAddress clientAddress, string spf, int dkimSignatures, int dkimPassed, string dmarc, string? fromDomain);

    [LoggerMessage(EventId = 7001, EventName = "MessageUnreadable", Level = LogLevel.Information,
        Message = "A message from {ClientAddress} could not be read ({Kind} at byte {Offset}): DKIM and DMARC give permerror")]
    internal static partial void Unreadable(ILogger logger, IPAddress clientAddress, MessageReadErrorKind kind, long offset);

    [LoggerMessage(EventId = 7002, EventName = "TimeBudgetExceeded", Level = LogLevel.Warning,
        Message = "The time budget of {Timeout} ran out during the {Check} check; it reports temperror")]
    internal static partial void BudgetExceeded(ILogger logger, TimeSpan timeout, string check);
}
