using MimeKit;
using MimeKit.Encodings;
using MimeKit.Utils;

namespace MailAuth.MimeKit;

/// <summary>
/// One streaming pass over a message with MimeKit's <see cref="MimeReader"/>: counts entities and nesting as they are met
/// and stops at the first limit, so a message with 10,000 parts costs <see cref="DmarcReportMessageReaderOptions.MaxParts"/>
/// entities, not 10,000. Only candidate attachments are decoded and kept, each bounded by the report reader's
/// <c>MaxDocumentBytes</c>. Cost: linear in the message.
/// </summary>
internal sealed class DmarcReportMimeScanner : MimeReader
{
    private readonly DmarcReportMessageReaderOptions _options;
    private int _entities;
    private int _depth;
    private string? _fileName;
    private ContentEncoding _encoding;
    private IMimeDecoder? _decoder;
    private MemoryStream? _content;
    private byte[] _decoded = [];
    private string _mediaType = string.Empty;
    private bool _declaredReport;

    public DmarcReportMimeScanner(DmarcReportMessageReaderOptions options, Stream stream)
        : base(new ParserOptions { MaxMimeDepth = options.MaxDepth + 1 }, stream)
    {
        _options = options;
    }

    /// <summary>The candidate attachments in message order.</summary>
    public List<Candidate> Candidates { get; } = [];

    protected override void OnHeadersBegin(long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
    {
        _fileName = null;
        _encoding = ContentEncoding.Default;
    }

    protected override void OnHeaderRead(Header header, int beginLineNumber, CancellationToken cancellationToken)
    {
        if (header.Id == HeaderId.ContentDisposition && ContentDisposition.TryParse(header.RawValue, out ContentDisposition? disposition))
        {
            _fileName = disposition.FileName;
        }
        else if (header.Id == HeaderId.ContentTransferEncoding)
        {
            MimeUtils.TryParse(header.Value, out _encoding);
        }
        else if (header.Id == HeaderId.ContentType && _fileName is null && ContentType.TryParse(header.RawValue, out ContentType? type))
        {
            // Some reporters name the file only in Content-Type's obsolete "name" parameter.
            _fileName = type.Name;
        }
    }

    protected override void OnMultipartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) =>
        EnterContainer();

    protected override void OnMultipartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) =>
        _depth--;

    protected override void OnMessagePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) =>
        EnterContainer();

    protected override void OnMessagePartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) =>
        _depth--;

    protected override void OnMimePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
    {
        CountEntity();
        _mediaType = contentType.MimeType.ToLowerInvariant();
        _declaredReport = IsReportMediaType(_mediaType);
        _content = null;
        if (_declaredReport || IsCandidate(_mediaType, _fileName))
        {
            if (Candidates.Count >= _options.MaxReports)
            {
                throw new LimitException(DmarcReportMessageReadError.TooManyReports, $"more than {_options.MaxReports} report attachments");
            }

            _decoder = _encoding switch
            {
                ContentEncoding.Base64 => new Base64Decoder(),
                ContentEncoding.QuotedPrintable => new QuotedPrintableDecoder(),
                ContentEncoding.UUEncode => new UUDecoder(),
                _ => null,
            };
            _content = new MemoryStream();
        }
    }

    protected override void OnMimePartContentRead(byte[] content, int startIndex, int count, CancellationToken cancellationToken)
    {
        if (_content is null)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_decoder is null)
        {
            _content.Write(content, startIndex, count);
        }
        else
        {
            int needed = _decoder.EstimateOutputLength(count);
            if (_decoded.Length < needed)
            {
                _decoded = new byte[Math.Max(needed, 4096)];
            }

            int n = _decoder.Decode(content, startIndex, count, _decoded);
            _content.Write(_decoded, 0, n);
        }

        // The report reader refuses anything larger anyway; stop keeping bytes past that.
        if (_content.Length > _options.ReportReader.MaxDocumentBytes)
        {
            throw new LimitException(DmarcReportMessageReadError.TooLarge, $"an attachment decodes to more than {_options.ReportReader.MaxDocumentBytes} bytes");
        }
    }

    protected override void OnMimePartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken)
    {
        if (_content is not null)
        {
            Candidates.Add(new Candidate(_fileName, _mediaType, _declaredReport, _content.ToArray()));
            _content = null;
        }
    }

    private void EnterContainer()
    {
        CountEntity();
        if (++_depth > _options.MaxDepth)
        {
            throw new LimitException(DmarcReportMessageReadError.TooDeep, $"multiparts nest deeper than {_options.MaxDepth}");
        }
    }

    private void CountEntity()
    {
        if (++_entities > _options.MaxParts)
        {
            throw new LimitException(DmarcReportMessageReadError.TooManyParts, $"more than {_options.MaxParts} MIME parts");
        }
    }

    // RFC 9990 §3.5.2 names application/gzip and text/xml; reporters also send zip and the x- variants.
    private static bool IsReportMediaType(string mediaType) => mediaType is
        "application/gzip" or "application/x-gzip" or "application/zip" or "application/x-zip" or "application/x-zip-compressed"
        or "text/xml" or "application/xml";

    // Other parts are kept to be recognised by their magic bytes, except human-readable text (the annotation part) unless
    // its file name says XML.
    private static bool IsCandidate(string mediaType, string? fileName) =>
        !mediaType.StartsWith("text/", StringComparison.Ordinal)
        || (fileName is not null && (fileName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)));

    /// <summary>A decoded attachment that may hold a report.</summary>
    internal sealed record Candidate(string? FileName, string MediaType, bool DeclaredReport, byte[] Content);

    /// <summary>Stops the pass at a limit; caught by <see cref="DmarcReportMessageReader"/> and turned into a result.</summary>
    internal sealed class LimitException(DmarcReportMessageReadError error, string reason) : Exception(reason)
    {
        public DmarcReportMessageReadError Error { get; } = error;
    }
}
