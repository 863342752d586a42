using System.Globalization;
using System.IO.Compression;
using MailAuth.Dmarc;
using MailAuth.Reports;
using MimeKit;

namespace MailAuth.MimeKit;

/// <summary>
/// Composes the email that carries one DMARC aggregate report (RFC 9990 §3.5, RFC 7489 §7.2.1.1): a <c>multipart/mixed</c>
/// message with a short text part and the report XML gzip-compressed as <c>application/gzip</c>, the file name and Subject the
/// RFC prescribes, addressed only to the authorized <c>mailto:</c> URIs of the policy record's <c>rua</c>. External destinations
/// are verified with <see cref="DmarcReportAuthorization"/>; URIs whose size limit (<c>!10m</c>) the message exceeds are dropped.
/// Every value that reaches a header is checked first, so hostile domains or Report-IDs cannot add header lines.
/// Thread-safe; sending the bytes is the MTA's job.
/// </summary>
public sealed class DmarcReportMessageComposer
{
    // A fixed boundary keeps the output deterministic. It cannot occur in the parts: base64 lines hold no '_', and the text
    // part is written here from checked ASCII values.
    private const string Boundary = "=_mailauth-dmarc-report";

    private readonly DmarcReportMessageOptions _options;
    private readonly DmarcReportAuthorization _authorization;
    private readonly TimeProvider _timeProvider;
    private readonly string _from;
    private readonly string _submitter;

    /// <summary>Creates a composer.</summary>
    /// <param name="options">The sender and the limits.</param>
    /// <param name="authorization">Verifies external destinations (RFC 9990 §4); built over the MTA's DNS resolver.</param>
    /// <param name="timeProvider">The clock for the <c>Date</c> field, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException">The options hold no valid From address, Submitter or unique-id.</exception>
    public DmarcReportMessageComposer(DmarcReportMessageOptions options, DmarcReportAuthorization authorization, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(authorization);
        options.Validate(out _from, out _submitter);
        _options = options;
        _authorization = authorization;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The attachment file name for a report (RFC 9990 §3.5.2), or <see langword="null"/> when the policy domain is not a domain name.</summary>
    /// <param name="report">The report.</param>
    /// <returns>For example <c>mx.example.net!example.com!1700000000!1700086399.xml.gz</c>.</returns>
    public string? GetFileName(DmarcAggregateReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return DmarcReportMessageSyntax.TryNormalizeDomain(report.PolicyPublished.Domain, out string policyDomain)
            && report.Metadata.Begin.ToUnixTimeSeconds() >= 0 && report.Metadata.End >= report.Metadata.Begin
            ? FileName(policyDomain, report)
            : null;
    }

    /// <summary>Composes the message for <paramref name="report"/> to the <c>rua</c> URIs of its policy record.</summary>
    /// <param name="report">The report (e.g. from <see cref="DmarcReportGenerator"/>).</param>
    /// <param name="aggregateReportUris">The record's <c>rua</c> (<see cref="DmarcRecord.AggregateReportUris"/>), in the published order.</param>
    /// <param name="cancellationToken">Cancels the DNS checks.</param>
    /// <returns>The message with its recipients, or the error; each URI's outcome either way.</returns>
    public async Task<DmarcReportMessage> ComposeAsync(DmarcAggregateReport report, IReadOnlyList<DmarcReportUri> aggregateReportUris, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(aggregateReportUris);
        if (!DmarcReportMessageSyntax.TryNormalizeDomain(report.PolicyPublished.Domain, out string policyDomain))
        {
            return Invalid($"the policy domain '{DmarcReportMessageSyntax.Escape(report.PolicyPublished.Domain)}' is not a domain name");
        }

        string reportId = report.Metadata.ReportId is ['<', .. var inner, '>'] ? inner : report.Metadata.ReportId;
        if (!DmarcReportMessageSyntax.IsReportId(reportId))
        {
            return Invalid($"the Report-ID '{DmarcReportMessageSyntax.Escape(report.Metadata.ReportId)}' is not dot-atom-text [\"@\" dot-atom-text] (RFC 9990 §3.5.1)");
        }

        if (report.Metadata.Begin.ToUnixTimeSeconds() < 0 || report.Metadata.End < report.Metadata.Begin)
        {
            return Invalid("the date range is before 1970 or ends before it begins");
        }

        var destinations = new List<DmarcReportMessageDestination>();
        var limits = new List<long?>();
        foreach (DmarcReportUri uri in aggregateReportUris)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (destinations.Count(d => d.Accepted) >= _options.MaxDestinations)
            {
                destinations.Add(new(Display(uri), null, DmarcReportMessageDestinationStatus.OverLimit, $"more than {_options.MaxDestinations} destinations"));
                limits.Add(null);
                continue;
            }

            await AddDestinationAsync(policyDomain, uri, destinations, limits, cancellationToken).ConfigureAwait(false);
        }

        string fileName = FileName(policyDomain, report);
        string subject = $"Report Domain: {policyDomain} Submitter: {_submitter} Report-ID: <{reportId}>";

        // RFC 9990 §3.5.2: the sender MAY use the ridtxt as the Message-Id.
        string messageId = reportId.Contains('@', StringComparison.Ordinal) ? reportId : $"{reportId}@{_submitter}";
        byte[] gzip = Compress(report);
        var result = new DmarcReportMessage { FileName = fileName, Subject = subject, MessageId = messageId };

        // RFC 7489 §7.2.1: a URI whose size limit the report exceeds (after compression and encoding) MUST NOT be used. The
        // whole message is measured; dropping recipients only shortens it, so a second pass suffices.
        byte[]? content = null;
        for (int pass = 0; pass < 2; pass++)
        {
            string[] recipients = destinations.Where(d => d.Accepted).Select(d => d.Address!).ToArray();
            if (recipients.Length == 0)
            {
                return result with { Error = DmarcReportMessageError.NoDestination, Reason = "no rua URI is left to send to", Destinations = destinations };
            }

            content = Write(report, policyDomain, recipients, subject, messageId, fileName, gzip);
            bool dropped = false;
            for (int i = 0; i < destinations.Count; i++)
            {
                if (destinations[i].Accepted && limits[i] is { } limit && content.Length > limit)
                {
                    destinations[i] = destinations[i] with
                    {
                        Status = DmarcReportMessageDestinationStatus.TooLarge,
                        Reason = string.Create(CultureInfo.InvariantCulture, $"the message has {content.Length} bytes, the URI allows {limit}"),
                    };
                    dropped = true;
                }
            }

            if (!dropped)
            {
                break;
            }
        }

        return destinations.Any(d => d.Accepted)
            ? result with { Content = content, Destinations = destinations }
            : result with { Error = DmarcReportMessageError.NoDestination, Reason = "every rua URI is too small for the report", Destinations = destinations };
    }

    private async Task AddDestinationAsync(string policyDomain, DmarcReportUri uri, List<DmarcReportMessageDestination> destinations, List<long?> limits, CancellationToken cancellationToken)
    {
        string display = Display(uri);
        if (!TryGetMailbox(uri, out string address, out string host, out string? problem))
        {
            destinations.Add(new(display, null, problem is null ? DmarcReportMessageDestinationStatus.UnsupportedScheme : DmarcReportMessageDestinationStatus.Malformed, problem ?? "only mailto: URIs are supported"));
            limits.Add(null);
            return;
        }

        // RFC 9990 §4: a destination outside the policy domain's Organizational Domain must publish
        // <policy-domain>._report._dmarc.<destination-host>.
        DmarcReportAuthorizationResult verdict = await _authorization.VerifyAsync(policyDomain, host, cancellationToken).ConfigureAwait(false);
        DmarcReportMessageDestinationStatus? refused = verdict.Status switch
        {
            DmarcReportAuthorizationStatus.NotAuthorized => DmarcReportMessageDestinationStatus.NotAuthorized,
            DmarcReportAuthorizationStatus.TempError => DmarcReportMessageDestinationStatus.TempError,
            DmarcReportAuthorizationStatus.Invalid => DmarcReportMessageDestinationStatus.Malformed,
            _ => null,
        };
        if (refused is { } status)
        {
            destinations.Add(new(display, address, status, DmarcReportMessageSyntax.Escape($"{verdict.QueryName ?? host}: {verdict.Detail ?? status.ToString()}")));
            limits.Add(null);
            return;
        }

        // RFC 9990 §4 step 9: the destination's record may override the URI, but only with URIs of the same host; one naming
        // another host voids both the original and the override.
        IReadOnlyList<DmarcReportUri> overrides = verdict.Status == DmarcReportAuthorizationStatus.Authorized && verdict.Record is { AggregateReportUris.Count: > 0 } record
            ? record.AggregateReportUris
            : [];
        if (overrides.Count == 0)
        {
            AddAccepted(display, address, uri.MaxSize, destinations, limits);
            return;
        }

        var replacements = new List<(string Display, string Address, long? Limit)>();
        foreach (DmarcReportUri replacement in overrides)
        {
            if (!TryGetMailbox(replacement, out string overrideAddress, out string overrideHost, out _) || overrideHost != host)
            {
                destinations.Add(new(display, address, DmarcReportMessageDestinationStatus.NotAuthorized,
                    $"the authorization record at {verdict.QueryName} overrides the URI with {Display(replacement)}, which is not a mailto: URI of {host} (RFC 9990 §4)"));
                limits.Add(null);
                return;
            }

            replacements.Add((Display(replacement), overrideAddress, replacement.MaxSize));
        }

        foreach ((string replacementDisplay, string replacementAddress, long? limit) in replacements)
        {
            AddAccepted(replacementDisplay, replacementAddress, limit, destinations, limits);
        }
    }

    private static void AddAccepted(string display, string address, long? limit, List<DmarcReportMessageDestination> destinations, List<long?> limits)
    {
        if (destinations.Any(d => d.Accepted && string.Equals(d.Address, address, StringComparison.OrdinalIgnoreCase)))
        {
            destinations.Add(new(display, address, DmarcReportMessageDestinationStatus.Duplicate, "the address is already a recipient"));
            limits.Add(null);
            return;
        }

        destinations.Add(new(display, address, DmarcReportMessageDestinationStatus.Accepted));
        limits.Add(limit);
    }

    // RFC 6068 mailto: one addr-spec; hfields (?subject=…) are ignored, never copied into the message. Percent-decoding can
    // yield CR/LF or spaces, which the dot-atom check refuses. problem is null when the scheme is not mailto.
    private static bool TryGetMailbox(DmarcReportUri uri, out string address, out string host, out string? problem)
    {
        address = string.Empty;
        host = string.Empty;
        problem = null;
        if (!string.Equals(uri.Uri.Scheme, "mailto", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string original = uri.Uri.OriginalString;
        string path = original[(original.IndexOf(':', StringComparison.Ordinal) + 1)..];
        int query = path.IndexOf('?', StringComparison.Ordinal);
        path = Uri.UnescapeDataString(query >= 0 ? path[..query] : path);
        if (path.Contains(',', StringComparison.Ordinal))
        {
            problem = "a mailto: URI with more than one address";
            return false;
        }

        if (!DmarcReportMessageSyntax.TryNormalizeAddress(path, out address, out host))
        {
            problem = $"'{DmarcReportMessageSyntax.Escape(path)}' is not a local@domain address";
            return false;
        }

        return true;
    }

    private string FileName(string policyDomain, DmarcAggregateReport report) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{_submitter}!{policyDomain}!{report.Metadata.Begin.ToUnixTimeSeconds()}!{report.Metadata.End.ToUnixTimeSeconds()}{(_options.UniqueId is { } id ? "!" + id : string.Empty)}.xml.gz");

    private static byte[] Compress(DmarcAggregateReport report)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            DmarcReportWriter.Write(report, gzip);
        }

        return buffer.ToArray();
    }

    private byte[] Write(DmarcAggregateReport report, string policyDomain, string[] recipients, string subject, string messageId, string fileName, byte[] gzip)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(string.Empty, _from));
        foreach (string recipient in recipients)
        {
            message.To.Add(new MailboxAddress(string.Empty, recipient));
        }

        message.Subject = subject;
        message.Date = _timeProvider.GetUtcNow();
        message.MessageId = messageId;
        var text = new TextPart("plain")
        {
            Text = string.Create(CultureInfo.InvariantCulture, $"""
                This is a DMARC aggregate report (RFC 9990) for {policyDomain} from {_submitter}.
                Period: {report.Metadata.Begin.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z to {report.Metadata.End.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z
                Messages: {report.MessageCount} in {report.Records.Count} records
                The report is attached as {fileName}.

                """),
        };
        var attachment = new MimePart("application", "gzip")
        {
            Content = new MimeContent(new MemoryStream(gzip, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = fileName,
        };
        var mixed = new Multipart("mixed") { Boundary = Boundary };
        mixed.Add(text);
        mixed.Add(attachment);
        message.Body = mixed;
        FormatOptions format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var output = new MemoryStream();
        message.WriteTo(format, output);
        return output.ToArray();
    }

    private static string Display(DmarcReportUri uri) => DmarcReportMessageSyntax.Escape(uri.ToString());

    private static DmarcReportMessage Invalid(string reason) => new() { Error = DmarcReportMessageError.InvalidReport, Reason = reason };
}
