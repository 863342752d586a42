using System.Buffers;
using System.Net;
using System.Text;
using MailAuth;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Keys;
using MailAuth.Messages;
using MailAuth.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmtpServerSample;

/// <summary>
/// Receives each message after DATA: on the inbound port it authenticates (SPF, DKIM, DMARC), decides through the
/// receiver policy when <c>MailAuth:Policy</c> is configured (else refuses what DMARC says to reject), and writes what
/// it accepts to <c>inbox/</c> (or <c>quarantine/</c>) with an Authentication-Results field in front; on the submission
/// port it DKIM-signs with the key store's active keys for the From domain and writes to <c>outbox/</c>.
/// </summary>
internal sealed partial class MailAuthMessageStore(
    MessageAuthenticator authenticator,
    DkimMessageSigner signer,
    IKeyStore keys,
    IOptions<SmtpSampleOptions> options,
    ILogger<MailAuthMessageStore> logger,
    ReceiverPolicy? policy = null) : MessageStore
{
    /// <summary>The session property the HELO/EHLO name is kept in (see <see cref="SmtpHostedService"/>).</summary>
    public const string HeloKey = "MailAuthSample:Helo";

    private static readonly SmtpResponse DmarcReject = new(SmtpReplyCode.MailboxUnavailable, "5.7.1 Message rejected per the sender domain's DMARC policy");
    private static readonly SmtpResponse Unreadable = new(SmtpReplyCode.TransactionFailed, "5.6.0 Message could not be read");
    private static readonly SmtpResponse NoKey = new(SmtpReplyCode.TransactionFailed, "5.7.0 No DKIM signing key for the From domain");

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using RawMessage? message = MessageReader.Default.Read(buffer).Message;
        if (message is null)
        {
            return Unreadable;
        }

        return context.EndpointDefinition.Endpoint.Port == options.Value.SubmissionPort
            ? await SignAsync(message, cancellationToken)
            : await ReceiveAsync(context, transaction, message, cancellationToken);
    }

    private async Task<SmtpResponse> ReceiveAsync(ISessionContext context, IMessageTransaction transaction, RawMessage message, CancellationToken cancellationToken)
    {
        var client = (IPEndPoint)context.Properties[EndpointListener.RemoteEndPointKey];
        string? helo = context.Properties.TryGetValue(HeloKey, out object? h) ? h as string : null;
        string mailFrom = transaction.From is { } from && !string.IsNullOrEmpty(from.User) ? from.AsAddress() : string.Empty;
        AuthenticationOutcome outcome = await authenticator.AuthenticateAsync(message, new SmtpContext(client.Address, helo, mailFrom), cancellationToken);
        LogOutcome(logger, outcome.ToString());

        string folder = "inbox";
        string fields = outcome.ToAuthenticationResults();
        if (policy is not null)
        {
            // One reply after DATA serves every recipient: act on the strictest of their domains' decisions.
            PolicyDecision decision = transaction.To.Select(to => policy.Decide(outcome, to.AsAddress())).MaxBy(d => Strictness(d.Action))!;
            LogDecision(logger, decision.ToString());
            switch (decision.Action)
            {
                case PolicyAction.Reject:
                    return new SmtpResponse((SmtpReplyCode)decision.SmtpReply!.Code, $"{decision.SmtpReply.EnhancedCode} {decision.SmtpReply.Text}");
                case PolicyAction.Discard:
                    return SmtpResponse.Ok;
                case PolicyAction.Quarantine:
                    folder = "quarantine";
                    break;
                case PolicyAction.Mark:
                    // The Subject tag (decision.ApplySubjectTag) would need the Subject field rewritten; this sample only adds the fields.
                    fields = string.Join("\r\n", [fields.TrimEnd('\r', '\n'), .. decision.HeadersToAdd.Select(h => h.ToString())]);
                    break;
            }
        }
        else if (outcome.Disposition == DmarcPolicy.Reject && options.Value.RejectOnDmarc)
        {
            return DmarcReject;
        }

        // RFC 8601 §5: fields that claim our authserv-id come from someone else; drop them, then add ours on top.
        await WriteAsync(folder, fields, message, authenticator.RemoveForgedAuthenticationResults(message), cancellationToken);
        return SmtpResponse.Ok;
    }

    private static int Strictness(PolicyAction action) => action switch
    {
        PolicyAction.Reject => 4,
        PolicyAction.Discard => 3,
        PolicyAction.Quarantine => 2,
        PolicyAction.Mark => 1,
        _ => 0,
    };

    private async Task<SmtpResponse> SignAsync(RawMessage message, CancellationToken cancellationToken)
    {
        // The signing domain is the From domain, so that the signature aligns for DMARC (RFC 7489 §3.1.1).
        HeaderField? from = message.GetFirst("From");
        AuthorDomains author = AuthorDomains.Extract(from is null ? [] : [Encoding.UTF8.GetString(from.Value.Span)]);
        if (author.Domains.Count != 1)
        {
            return NoKey;
        }

        DkimSigningResult signed = await signer.SignAsync(message, keys, author.Domains[0], cancellationToken);
        if (!signed.IsSigned)
        {
            LogNoKey(logger, author.Domains[0]);
            return NoKey;
        }

        await WriteAsync("outbox", string.Join("\r\n", signed.Fields), message, null, cancellationToken);
        return SmtpResponse.Ok;
    }

    private async Task WriteAsync(string folder, string fields, RawMessage message, IReadOnlyList<HeaderField>? headers, CancellationToken cancellationToken)
    {
        string directory = Path.Combine(options.Value.MailDirectory, folder);
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        await using (var file = new FileStream(path + ".tmp", FileMode.CreateNew, FileAccess.Write))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(fields.TrimEnd('\r', '\n') + "\r\n"), cancellationToken);
            await message.WriteToAsync(file, headers, cancellationToken);
        }

        // Renamed when complete, so a reader never sees half a message.
        File.Move(path + ".tmp", path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Authenticated: {Outcome}")]
    private static partial void LogOutcome(ILogger logger, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy decision: {Decision}")]
    private static partial void LogDecision(ILogger logger, string decision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No active DKIM key for {Domain}; submission refused")]
    private static partial void LogNoKey(ILogger logger, string domain);
}
