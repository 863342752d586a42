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
    /// <returns>The report message, sized for the destinations' limits as <see cref="TryCompose"/> describes; write it with <see cref="ToBytes"/>.</returns>
    /// <exception cref="ArgumentException">
    /// The decision has no destination to send to, or every destination's size limit is smaller than the report; use
    /// <see cref="TryCompose"/> to get that as a value (a record's <c>ruf</c> is not under the caller's control).
    /// </exception>
    public MimeMessage Compose(AuthenticationOutcome outcome, DmarcFailureReportDecision decision, ReadOnlyMemory<byte> originalMessage, DmarcFailureReportDetails? details = null)
    {
        DmarcFailureReportComposition composition = TryCompose(outcome, decision, originalMessage, details);
        return composition.Message ?? throw new ArgumentException(composition.Reason, nameof(decision));
    }

    /// <summary>
    /// Composes the failure report for one decision within the size limits of its destinations (the <c>!size</c> suffix of a
    /// <c>ruf</c> URI, RFC 7489 §6.4): when the whole message would exceed a limit, the report carries only its header block;
    /// a destination whose limit even that exceeds is dropped (<see cref="DmarcFailureReportDestinationStatus.TooLarge"/>),
    /// as RFC 7489 §7.2.1 forbids sending a report over the limit. Sizes are those of the bytes <see cref="ToBytes"/> writes.
    /// </summary>
    /// <param name="outcome">The facade's result for the failed message.</param>
    /// <param name="decision">The decision; the recipients that fit become <c>To</c>.</param>
    /// <param name="originalMessage">The failed message as received.</param>
    /// <param name="details">What else the MTA knows, or <see langword="null"/>.</param>
    /// <returns>The report with the final destination statuses, or no report (no destination, or none large enough) and why; never throws for record content.</returns>
    public DmarcFailureReportComposition TryCompose(AuthenticationOutcome outcome, DmarcFailureReportDecision decision, ReadOnlyMemory<byte> originalMessage, DmarcFailureReportDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(decision);
        details ??= new DmarcFailureReportDetails();
        DmarcFailureReportDestination[] destinations = decision.Destinations.ToArray();
        if (!destinations.Any(d => d.MaySend))
        {
            return new DmarcFailureReportComposition { Decision = decision, Reason = "the decision has no destination to send a report to" };
        }

        ReadOnlySpan<byte> original = originalMessage.Span;
        int headerLength = ArfHeaderBlock.HeaderLength(original);
        byte[] header = _redactor.RedactHeader(original[..headerLength]);
        var parts = new ReportParts(
            outcome,
            decision.Dmarc,
            ("FW: " + ArfFieldWriter.OneLine(OriginalSubject(header) ?? string.Empty)).TrimEnd(), // RFC 5965 §2 f: only a forwarding prefix
            _options.TimeProvider.GetUtcNow(),
            MimeUtils.GenerateMessageId(_from.Domain),
            FeedbackFields(outcome, decision.Dmarc, details),
            ArfHeaderBlock.ToCrlf(header),
            _options.Content == DmarcFailureReportContent.Message && original.Length <= _options.MaxOriginalBytes
                ? ArfHeaderBlock.ToCrlf(Concat(header, original[headerLength..]))
                : null);

        // RFC 7489 §7.2.1 (for the dmarc-uri of §6.4, which ruf shares): a report larger than a URI's limit MUST NOT be sent
        // there. The header-only report is the smallest form; drop the destinations it does not fit, then send the whole
        // message only if it fits all that remain. Fewer recipients only shorten the To field, so a form that fit still fits.
        var tooSmall = new List<string>();
        MimeMessage? headersOnly = null;
        long headersSize = 0;
        if (destinations.Any(d => d.MaySend && d.Uri.MaxSize is not null))
        {
            headersOnly = Build(parts, Recipients(destinations), whole: false);
            headersSize = ToBytes(headersOnly).Length;
            for (int i = 0; i < destinations.Length; i++)
            {
                if (destinations[i].MaySend && destinations[i].Uri.MaxSize is { } limit && headersSize > limit)
                {
                    destinations[i] = destinations[i] with { Status = DmarcFailureReportDestinationStatus.TooLarge };
                    tooSmall.Add(DmarcReportMessageSyntax.Escape(destinations[i].Uri.ToString()));
                }
            }
        }

        DmarcFailureReportDecision final = tooSmall.Count == 0 ? decision : decision with { Destinations = destinations };
        string[] recipients = Recipients(destinations);
        string dropped = tooSmall.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; not sent to {string.Join(", ", tooSmall)}: limit below the {headersSize}-byte header-only report");
        if (recipients.Length == 0)
        {
            return new DmarcFailureReportComposition
            {
                Decision = final,
                Reason = string.Create(CultureInfo.InvariantCulture, $"every ruf size limit is too small for the {headersSize}-byte header-only report ({string.Join(", ", tooSmall)})"),
            };
        }

        long? smallest = destinations.Where(d => d.MaySend).Min(d => d.Uri.MaxSize);
        string wholeNote = string.Empty;
        if (parts.Whole is not null)
        {
            MimeMessage whole = Build(parts, recipients, whole: true);
            long wholeSize = ToBytes(whole).Length;
            if (smallest is null || wholeSize <= smallest)
            {
                return Composed(whole, final, headersOnly: false, wholeSize, $"the whole message ({wholeSize} bytes) to {recipients.Length} destination(s){dropped}");
            }

            wholeNote = string.Create(CultureInfo.InvariantCulture, $" (the whole message, {wholeSize} bytes, exceeds the smallest ruf limit of {smallest})");
        }

        if (headersOnly is null || tooSmall.Count > 0)
        {
            headersOnly = Build(parts, recipients, whole: false);
            headersSize = ToBytes(headersOnly).Length;
        }

        return Composed(headersOnly, final, headersOnly: true, headersSize, $"the header block ({headersSize} bytes) to {recipients.Length} destination(s){wholeNote}{dropped}");
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

    private static string[] Recipients(DmarcFailureReportDestination[] destinations) => destinations.Where(d => d.MaySend).Select(d => d.Address!).ToArray();

    private static DmarcFailureReportComposition Composed(MimeMessage message, DmarcFailureReportDecision decision, bool headersOnly, long size, string reason) =>
        new() { Message = message, Decision = decision, HeadersOnly = headersOnly, Size = size, Reason = string.Create(CultureInfo.InvariantCulture, $"report of {size} bytes: ") + reason };

    private MimeMessage Build(ReportParts parts, string[] recipients, bool whole)
    {
        var report = new MimeMessage();
        report.From.Add(_from);
        foreach (string recipient in recipients)
        {
            report.To.Add(new MailboxAddress(string.Empty, recipient));
        }

        report.Subject = parts.Subject;
        report.Date = parts.Date;
        report.MessageId = parts.MessageId;
        report.Headers.Add("Auto-Submitted", "auto-generated"); // RFC 3834 §5: no automatic replies to reports.
        report.Body = new MultipartReport("feedback-report")
        {
            new TextPart("plain") { Text = Description(parts.Outcome, parts.Dmarc, whole) },
            Part("message", "feedback-report", parts.Feedback),
            whole ? Part("message", "rfc822", parts.Whole!) : Part("text", "rfc822-headers", parts.Header),
        };
        return report;
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

    // What every form of one report shares: the same Date and Message-ID keep the measured size exact across rebuilds.
    private sealed record ReportParts(AuthenticationOutcome Outcome, DmarcResult Dmarc, string Subject, DateTimeOffset Date, string MessageId, byte[] Feedback, byte[] Header, byte[]? Whole);
}
