using System.Runtime.InteropServices;
using MailAuth.Reports;
using MimeKit;

namespace MailAuth.MimeKit;

/// <summary>
/// Reads DMARC aggregate report emails (RFC 9990 §3.5.2, RFC 7489 §7.2.1.1): finds the report attachments of a whole message
/// (<c>application/gzip</c>, <c>application/zip</c>, <c>text/xml</c>, <c>application/xml</c>, or any non-text part whose magic
/// bytes are gzip or zip), and reads each with <see cref="DmarcReportReader"/> and its limits. MIME parsing is one bounded
/// streaming pass (<see cref="DmarcReportMessageReaderOptions"/>). Input that is not MIME (bare XML, gzip, zip) goes to the
/// report reader directly, so this class reads whatever a report mailbox or directory holds. Never throws for bad input.
/// Thread-safe.
/// </summary>
public sealed class DmarcReportMessageReader
{
    private readonly DmarcReportMessageReaderOptions _options;
    private readonly DmarcReportReader _reportReader;

    /// <summary>Creates a reader with the given limits.</summary>
    /// <param name="options">The limits, or <see langword="null"/> for <see cref="DmarcReportMessageReaderOptions.Default"/>.</param>
    public DmarcReportMessageReader(DmarcReportMessageReaderOptions? options = null)
    {
        options ??= DmarcReportMessageReaderOptions.Default;
        options.Validate();
        _options = options;
        _reportReader = new DmarcReportReader(options.ReportReader);
    }

    /// <summary>Reads the report attachments of a message (or a bare report file).</summary>
    /// <param name="content">The whole message (<c>.eml</c>), or bare XML, gzip or zip.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The attachments with their reports, or the error with its reason.</returns>
    public DmarcReportMessageReadResult Read(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (content.IsEmpty)
        {
            return Fail(DmarcReportMessageReadError.Empty, "the input is empty");
        }

        if (DmarcReportReader.DetectContainer(content.Span) != DmarcReportContainer.Mime)
        {
            return new DmarcReportMessageReadResult { Attachments = [new(null, string.Empty, _reportReader.Read(content, cancellationToken))] };
        }

        if (content.Length > _options.MaxMessageBytes)
        {
            return Fail(DmarcReportMessageReadError.TooLarge, $"the message has {content.Length} bytes, more than {_options.MaxMessageBytes}");
        }

        List<DmarcReportMimeScanner.Candidate> candidates;
        using (Stream stream = AsStream(content))
        {
            var scanner = new DmarcReportMimeScanner(_options, stream);
            try
            {
                scanner.ReadMessage(cancellationToken);
            }
            catch (DmarcReportMimeScanner.LimitException e)
            {
                return Fail(e.Error, e.Message);
            }
            catch (FormatException e)
            {
                return Fail(DmarcReportMessageReadError.InvalidMime, "not a MIME message: " + e.Message);
            }

            candidates = scanner.Candidates;
        }

        var attachments = new List<DmarcReportMessageAttachment>();
        foreach (DmarcReportMimeScanner.Candidate candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DmarcReportContainer container = DmarcReportReader.DetectContainer(candidate.Content);

            // Declared report types are read whatever they hold (so a wrong one gets its error); other parts only when their
            // bytes are gzip or zip, or XML with an .xml name.
            bool xmlByName = container == DmarcReportContainer.Xml && candidate.FileName?.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) == true;
            if (candidate.DeclaredReport || container is DmarcReportContainer.Gzip or DmarcReportContainer.Zip || xmlByName)
            {
                attachments.Add(new(candidate.FileName, candidate.MediaType, ReadAttachment(candidate.Content, container, cancellationToken)));
            }
        }

        return attachments.Count == 0
            ? Fail(DmarcReportMessageReadError.NoReport, "the message has no gzip, zip or XML attachment")
            : new DmarcReportMessageReadResult { Attachments = attachments };
    }

    private DmarcReportReadResult ReadAttachment(byte[] content, DmarcReportContainer container, CancellationToken cancellationToken)
    {
        DmarcReportReadResult result = _reportReader.Read(content, cancellationToken);

        // Some reporters (seen from Mimecast) encode a line break after the gzip trailer (RFC 1952 §2.2 ends a member with
        // CRC32 and ISIZE). The gzip is read again without it; the retry's own CRC-32 and ISIZE checks decide.
        if (result.Error == DmarcReportReadError.InvalidCompression && container == DmarcReportContainer.Gzip && content is [.., _, (byte)'\n'])
        {
            int trim = content is [.., (byte)'\r', (byte)'\n'] ? 2 : 1;
            DmarcReportReadResult retry = _reportReader.Read(content.AsMemory(0, content.Length - trim), cancellationToken);
            if (retry.Success)
            {
                return retry with { Warnings = [.. retry.Warnings, "a line break after the gzip data was ignored"] };
            }
        }

        return result;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    private static DmarcReportMessageReadResult Fail(DmarcReportMessageReadError error, string reason) =>
        new() { Error = error, Reason = DmarcReportMessageSyntax.Escape(reason, 500) };
}
