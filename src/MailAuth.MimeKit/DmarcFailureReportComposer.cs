using System.Globalization;
using System.Text;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Reports;
using MimeKit;
using MimeKit.Utils;

namespace MailAuth.MimeKit;

/// <summary>
/// Writes DMARC failure reports: AFRF messages (RFC 6591 over ARF, RFC 5965, as RFC 9991 §4 updates them) —
/// <c>multipart/report; report-type=feedback-report</c> with a human-readable part, the <c>message/feedback-report</c> part
/// (<c>Feedback-Type: auth-failure</c>, <c>Auth-Failure: dmarc</c>, <c>Identity-Alignment</c>, …) and the failed message or
/// its header block, optionally with local parts redacted (RFC 6590). Immutable and thread-safe.
/// </summary>
public sealed class DmarcFailureReportComposer
{
    private readonly DmarcFailureReportComposerOptions _options;
    private readonly MailboxAddress _from;
    private readonly ArfRedactor _redactor;

    /// <summary>Creates a composer.</summary>
    /// <param name="options">The options; <see cref="DmarcFailureReportComposerOptions.From"/> is required.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public DmarcFailureReportComposer(DmarcFailureReportComposerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _from = options.Validate();
        _options = options;
        _redactor = new ArfRedactor(options.Redaction, options.RedactionToken, options.RedactionKey);
    }

    /// <summary>Composes the failure report for one decision that has destinations to send to.</summary>
    /// <param name="outcome">The facade's result for the failed message.</param>
    /// <param name="decision">The decision (<see cref="DmarcFailureReportDecision.ShouldReport"/>); its recipients become <c>To</c>.</param>
    /// <param name="originalMessage">The failed message as received.</param>
    /// <param name="details">What else the MTA knows, or <see langword="null"/>.</param>
    /// <returns>The report message; write it with <see cref="ToBytes"/>.</returns>
    /// <exception cref="ArgumentException">The decision has no destination to send to.</exception>
    public MimeMessage Compose(AuthenticationOutcome outcome, DmarcFailureReportDecision decision, ReadOnlyMemory<byte> originalMessage, DmarcFailureReportDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(decision);
        details ??= new DmarcFailureReportDetails();
        string[] recipients = decision.Recipients.ToArray();
        if (recipients.Length == 0)
        {
            throw new ArgumentException("The decision has no destination to send a report to.", nameof(decision));
        }

        ReadOnlySpan<byte> original = originalMessage.Span;
        int headerLength = ArfHeaderBlock.HeaderLength(original);
        byte[] header = _redactor.RedactHeader(original[..headerLength]);
        bool whole = _options.Content == DmarcFailureReportContent.Message && original.Length <= _options.MaxOriginalBytes;

        var report = new MimeMessage();
        report.From.Add(_from);
        foreach (string recipient in recipients)
        {
            report.To.Add(new MailboxAddress(string.Empty, recipient));
        }

        // RFC 5965 §2 f: the subject of the reported message, with only a forwarding prefix.
        report.Subject = ("FW: " + ArfFieldWriter.OneLine(OriginalSubject(header) ?? string.Empty)).TrimEnd();
        report.Date = _options.TimeProvider.GetUtcNow();
        report.MessageId = MimeUtils.GenerateMessageId(_from.Domain);
        report.Headers.Add("Auto-Submitted", "auto-generated"); // RFC 3834 §5: no automatic replies to reports.

        var multipart = new MultipartReport("feedback-report")
        {
            new TextPart("plain") { Text = Description(outcome, decision.Dmarc, whole) },
            Part("message", "feedback-report", FeedbackFields(outcome, decision.Dmarc, details)),
            whole
                ? Part("message", "rfc822", ArfHeaderBlock.ToCrlf(Concat(header, original[headerLength..])))
                : Part("text", "rfc822-headers", ArfHeaderBlock.ToCrlf(header)),
        };
        report.Body = multipart;
        return report;
    }

    /// <summary>The message as bytes (CRLF line endings), ready to send or save as <c>.eml</c>.</summary>
    /// <param name="report">A composed report.</param>
    /// <returns>The bytes.</returns>
    public static byte[] ToBytes(MimeMessage report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        report.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, stream);
        return stream.ToArray();
    }

    private byte[] FeedbackFields(AuthenticationOutcome outcome, DmarcResult dmarc, DmarcFailureReportDetails details)
    {
        var fields = new ArfFieldWriter()
            .Add("Feedback-Type", "auth-failure")
            .Add("Version", "1")
            .Add("User-Agent", _options.UserAgent)
            .Add("Auth-Failure", "dmarc") // RFC 9991 §4 item 3
            .Add("Authentication-Results", DmarcAuthenticationResults(outcome, dmarc))
            .Add("Identity-Alignment", IdentityAlignment(dmarc))
            .Add("Delivery-Result", details.DeliveryResult is { } delivery ? delivery.ToString().ToLowerInvariant() : null)
            .Add("Original-Envelope-Id", details.EnvelopeId)
            .Add("Original-Mail-From", "<" + _redactor.RedactAddress(outcome.Context.MailFrom) + ">")
            .Add("Arrival-Date", details.ArrivalDate is { } arrival ? DateUtils.FormatDate(arrival) : null)
            .Add("Reporting-MTA", _options.ReportingMta is { } mta ? "dns; " + mta : null)
            .Add("Source-IP", outcome.Context.ClientIp.ToString())
            .Add("Reported-Domain", dmarc.AuthorDomain);
        foreach (string recipient in details.OriginalRecipients)
        {
            fields.Add("Original-Rcpt-To", "<" + _redactor.RedactAddress(recipient) + ">");
        }

        // RFC 9991 §4 item 1: DKIM-Domain/-Identity/-Selector for a DKIM failure of an aligned identifier (RFC 6591 §3.2.3).
        if (FailedSignature(outcome, dmarc) is { } signature)
        {
            fields.Add("DKIM-Domain", signature.Domain)
                .Add("DKIM-Identity", _redactor.RedactAddress(signature.Identity ?? "@" + signature.Domain))
                .Add("DKIM-Selector", signature.Selector);
        }

        // RFC 9991 §4 item 1 / RFC 6591 §4: SPF-DNS = "txt" : domain : quoted-string, for an SPF failure.
        if (details.SpfRecord is { } spfRecord && dmarc.Spf is { Result: not DmarcAuthResult.Pass } spf && spf.Domain is { } spfDomain)
        {
            fields.Add("SPF-DNS", $"txt : {spfDomain} : \"{spfRecord.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        return fields.ToBytes();
    }

    // RFC 6591 §3.1: the Authentication-Results field reflects a single method: here dmarc.
    private static string DmarcAuthenticationResults(AuthenticationOutcome outcome, DmarcResult dmarc)
    {
        AuthResultsHeader all = outcome.ToAuthenticationResultsModel();
        IEnumerable<AuthMethodResult> results = all.Results.Where(r => r.IsMethod("dmarc"));
        if (dmarc.AuthorDomain is { } domain && results.Count() > 1)
        {
            results = results.Where(r => string.Equals(r.GetProperty("header", "from"), domain, StringComparison.OrdinalIgnoreCase));
        }

        string field = AuthResultsFormatter.Format(new AuthResultsHeader(all.AuthServId, results));
        return field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..].TrimStart();
    }

    // RFC 9991 §4 item 2: the attempted mechanisms that failed to authenticate an aligned identity, or "none".
    internal static string IdentityAlignment(DmarcResult dmarc)
    {
        var failed = new List<string>(2);
        if (dmarc.Dkim.Count > 0 && !dmarc.DkimAligned)
        {
            failed.Add("dkim");
        }

        if (dmarc.Spf is not null && !dmarc.SpfAligned)
        {
            failed.Add("spf");
        }

        return failed.Count == 0 ? "none" : string.Join(", ", failed);
    }

    private static DkimResult? FailedSignature(AuthenticationOutcome outcome, DmarcResult dmarc)
    {
        DkimResult[] failed = outcome.Dkim.Where(d => d.Status is DkimStatus.Fail or DkimStatus.PermError && d.Domain is not null).ToArray();
        string? author = dmarc.AuthorDomain;
        string? organization = dmarc.OrganizationalDomain ?? author;
        return failed.FirstOrDefault(d => author is not null && organization is not null
                && (string.Equals(d.Domain, author, StringComparison.OrdinalIgnoreCase) || string.Equals(d.Domain, organization, StringComparison.OrdinalIgnoreCase)
                    || d.Domain!.EndsWith("." + organization, StringComparison.OrdinalIgnoreCase)))
            ?? failed.FirstOrDefault();
    }

    private static string Description(AuthenticationOutcome outcome, DmarcResult dmarc, bool whole)
    {
        var text = new StringBuilder();
        text.Append("This is a DMARC failure report (RFC 9991) for an email message received from IP ")
            .Append(outcome.Context.ClientIp).Append(" that claimed to be from ").Append(dmarc.AuthorDomain ?? "an unknown domain").Append(".\n")
            .Append("DMARC result: ").Append(dmarc.Keyword).Append("; SPF aligned: ").Append(dmarc.SpfAligned ? "yes" : "no")
            .Append("; DKIM aligned: ").Append(dmarc.DkimAligned ? "yes" : "no").Append(".\n")
            .Append(whole ? "The message is attached" : "The header of the message is attached")
            .Append("; treat it as possibly malicious.\n");
        return text.ToString();
    }

    private static string? OriginalSubject(byte[] header)
    {
        ReadOnlySpan<byte> block = header;
        int start = 0;
        while (start < block.Length)
        {
            int end = ArfHeaderBlock.FieldEnd(block, start);
            ReadOnlySpan<byte> field = block[start..end];
            int colon = field.IndexOf((byte)':');
            if (colon > 0 && Encoding.ASCII.GetString(field[..colon]).Trim().Equals("Subject", StringComparison.OrdinalIgnoreCase))
            {
                return Rfc2047.DecodeText(field[(colon + 1)..].ToArray()).Trim();
            }

            start = end;
        }

        return null;
    }

    private static MimePart Part(string type, string subtype, byte[] content) => new(type, subtype)
    {
        Content = new MimeContent(new MemoryStream(content, writable: false)),
        ContentTransferEncoding = content.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0 ? ContentEncoding.EightBit : ContentEncoding.SevenBit,
    };

    private static byte[] Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        byte[] bytes = new byte[first.Length + second.Length];
        first.CopyTo(bytes);
        second.CopyTo(bytes.AsSpan(first.Length));
        return bytes;
    }
}
