using System.Globalization;
using System.Net;
using MimeKit;

namespace MailAuth.MimeKit;

/// <summary>
/// Reads email feedback reports (ARF, RFC 5965), including authentication failure reports (RFC 6591) and DMARC failure
/// reports (RFC 9991), into an <see cref="ArfReport"/>. Bounded by <see cref="ArfReportReaderOptions"/>: size first, then
/// one MIME parse (MimeKit, nesting capped) and one walk that counts entities. Malformed input is an
/// <see cref="ArfReadResult"/> error, never an exception. Immutable and thread-safe.
/// </summary>
public sealed class ArfReportReader
{
    private static readonly string[] SingleFields =
    [
        "Feedback-Type", "User-Agent", "Version", "Original-Envelope-Id", "Original-Mail-From", "Arrival-Date", "Received-Date",
        "Reporting-MTA", "Source-IP", "Incidents", "Delivery-Result", "Identity-Alignment",
    ];

    private readonly ArfReportReaderOptions _options;

    /// <summary>Creates a reader.</summary>
    /// <param name="options">The limits, or <see langword="null"/> for the defaults.</param>
    public ArfReportReader(ArfReportReaderOptions? options = null)
    {
        options ??= new ArfReportReaderOptions();
        options.Validate();
        _options = options;
    }

    /// <summary>Reads a message.</summary>
    /// <param name="message">The message bytes (<c>.eml</c>).</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    /// <returns>The report or the error.</returns>
    public ArfReadResult Read(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (message.IsEmpty)
        {
            return Fail(ArfReadError.Empty, "no bytes");
        }

        if (message.Length > _options.MaxMessageBytes)
        {
            return Fail(ArfReadError.TooLarge, $"{message.Length} bytes, more than MaxMessageBytes ({_options.MaxMessageBytes})");
        }

        MimeMessage parsed;
        try
        {
            using var stream = new MemoryStream(message.ToArray(), writable: false);
            var parser = new MimeParser(new ParserOptions { MaxMimeDepth = _options.MaxDepth + 1 }, stream, persistent: false);
            parsed = parser.ParseMessage(cancellationToken);
        }
        catch (FormatException e)
        {
            return Fail(ArfReadError.Malformed, "not a MIME message: " + e.Message);
        }

        return Read(parsed, cancellationToken);
    }

    /// <summary>Reads a message MimeKit has parsed.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The report or the error.</returns>
    public ArfReadResult Read(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (CheckShape(message, cancellationToken) is { } shapeError)
        {
            return shapeError;
        }

        if (message.Body is not MultipartReport report || !string.Equals(report.ReportType, "feedback-report", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(ArfReadError.NotFeedbackReport, "not multipart/report; report-type=feedback-report but " + Escape(message.Body?.ContentType.MimeType ?? "no body"));
        }

        // RFC 5965 §2 b–d: human-readable, then message/feedback-report, then the message or its header block.
        MessageFeedbackReport? feedback = report.OfType<MessageFeedbackReport>().FirstOrDefault();
        if (feedback is null)
        {
            return Fail(ArfReadError.MissingFeedbackPart, "no message/feedback-report part");
        }

        MessagePart? original = report.OfType<MessagePart>().FirstOrDefault(p => p is TextRfc822Headers || p.ContentType.IsMimeType("message", "rfc822") || p.ContentType.IsMimeType("message", "global"));
        if (original?.Message is null)
        {
            return Fail(ArfReadError.MissingOriginal, "no message/rfc822 or text/rfc822-headers part");
        }

        HeaderList feedbackFields;
        try
        {
            feedbackFields = feedback.Fields; // parsed on first access: MimeKit throws for a field block it cannot read
        }
        catch (FormatException e)
        {
            return Fail(ArfReadError.Malformed, "unreadable message/feedback-report fields: " + Escape(e.Message));
        }

        if (feedbackFields.Count > _options.MaxFields)
        {
            return Fail(ArfReadError.TooManyFields, $"{feedbackFields.Count} fields, more than MaxFields ({_options.MaxFields})");
        }

        var fields = new List<ArfField>(feedbackFields.Count);
        foreach (Header header in feedbackFields)
        {
            fields.Add(new ArfField(header.Field, header.Value.Trim()));
        }

        return Build(fields, original, report.OfType<TextPart>().FirstOrDefault()?.Text, message.Subject);
    }

    private ArfReadResult? CheckShape(MimeMessage message, CancellationToken cancellationToken)
    {
        // One walk over the entity tree, iterative (no recursion on attacker nesting), counting entities.
        var pending = new Stack<(MimeEntity Entity, int Depth)>();
        if (message.Body is { } body)
        {
            pending.Push((body, 0));
        }

        int count = 0;
        while (pending.TryPop(out var item))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++count > _options.MaxParts)
            {
                return Fail(ArfReadError.TooManyParts, $"more than MaxParts ({_options.MaxParts}) MIME entities");
            }

            if (item.Depth > _options.MaxDepth)
            {
                return Fail(ArfReadError.TooDeep, $"MIME nesting deeper than MaxDepth ({_options.MaxDepth})");
            }

            if (item.Entity is Multipart multipart)
            {
                foreach (MimeEntity child in multipart)
                {
                    pending.Push((child, item.Depth + 1));
                }
            }
            else if (item.Entity is MessagePart { Message.Body: { } inner })
            {
                pending.Push((inner, item.Depth + 1));
            }
        }

        return null;
    }

    private static ArfReadResult Build(List<ArfField> fields, MessagePart original, string? description, string? subject)
    {
        foreach (string name in SingleFields)
        {
            if (fields.Count(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) > 1)
            {
                return Fail(ArfReadError.DuplicateField, name + " appears more than once");
            }
        }

        string? Get(string name) => fields.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
        string[] All(string name) => fields.Where(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value).ToArray();

        // RFC 5965 §3.1: exactly once each.
        string? type = Token(Get("Feedback-Type"));
        string? userAgent = Get("User-Agent");
        string? versionText = Token(Get("Version"));
        if (type is null || userAgent is null || versionText is null)
        {
            return Fail(ArfReadError.MissingField, "Feedback-Type, User-Agent and Version are required");
        }

        if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
        {
            return Fail(ArfReadError.InvalidField, "Version is not a positive number: " + Escape(versionText));
        }

        if (Get("Arrival-Date") is not null && Get("Received-Date") is not null)
        {
            return Fail(ArfReadError.DuplicateField, "both Arrival-Date and Received-Date"); // RFC 5965 §3.2
        }

        string? authFailure = Token(Get("Auth-Failure"));
        if (type.Equals("auth-failure", StringComparison.OrdinalIgnoreCase) && authFailure is null)
        {
            return Fail(ArfReadError.MissingField, "auth-failure reports need Auth-Failure (RFC 6591 §3.2.1)");
        }

        uint incidents = 1;
        if (Token(Get("Incidents")) is { } incidentsText && !uint.TryParse(incidentsText, NumberStyles.None, CultureInfo.InvariantCulture, out incidents))
        {
            return Fail(ArfReadError.InvalidField, "Incidents is not an unsigned 32-bit number: " + Escape(incidentsText));
        }

        IPAddress? sourceIp = null;
        if (Token(Get("Source-IP")) is { } ipText)
        {
            string bare = ipText.Trim('[', ']');
            bare = bare.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase) ? bare[5..] : bare;
            if (!IPAddress.TryParse(bare, out sourceIp))
            {
                return Fail(ArfReadError.InvalidField, "Source-IP is not an IP address: " + Escape(ipText));
            }
        }

        var report = new ArfReport
        {
            FeedbackType = type.ToLowerInvariant(),
            UserAgent = userAgent,
            Version = version,
            Fields = fields,
            AuthFailure = authFailure?.ToLowerInvariant(),
            IdentityAlignment = Get("Identity-Alignment") is { } alignment
                ? StripComments(alignment).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => s.ToLowerInvariant()).ToArray()
                : [],
            DeliveryResult = Token(Get("Delivery-Result"))?.ToLowerInvariant(),
            OriginalMailFrom = Get("Original-Mail-From"),
            OriginalEnvelopeId = Get("Original-Envelope-Id"),
            OriginalRcptTo = All("Original-Rcpt-To"),
            ArrivalDate = Get("Arrival-Date") ?? Get("Received-Date"),
            ReportingMta = Get("Reporting-MTA"),
            SourceIp = sourceIp,
            Incidents = incidents,
            ReportedDomains = All("Reported-Domain"),
            ReportedUris = All("Reported-URI"),
            AuthenticationResults = All("Authentication-Results"),
            DkimDomain = Get("DKIM-Domain"),
            DkimIdentity = Get("DKIM-Identity"),
            DkimSelector = Get("DKIM-Selector"),
            SpfDns = All("SPF-DNS"),
            Subject = subject,
            Description = description,
            Original = original.Message!,
            OriginalIsHeadersOnly = original is TextRfc822Headers,
        };
        return new ArfReadResult(ArfReadError.None, null, report);
    }

    // A token value with RFC 5322 comments and white space removed ("bodyhash (body changed)" → "bodyhash").
    private static string? Token(string? value)
    {
        if (value is null)
        {
            return null;
        }

        string token = StripComments(value).Trim();
        return token.Length == 0 ? null : token;
    }

    private static string StripComments(string value)
    {
        var text = new System.Text.StringBuilder(value.Length);
        int depth = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\\' && depth > 0)
            {
                i++;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string Escape(string text) => ArfFieldWriter.OneLine(text.Length > 200 ? text[..200] + "…" : text);

    private static ArfReadResult Fail(ArfReadError error, string reason) => new(error, reason, null);
}
