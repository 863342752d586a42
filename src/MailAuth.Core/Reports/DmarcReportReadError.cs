namespace MailAuth.Reports;

/// <summary>Why <see cref="DmarcReportReader"/> could not read a report. Each value is documented in docs/reports.md.</summary>
public enum DmarcReportReadError
{
    /// <summary>No error: the report was read.</summary>
    None = 0,

    /// <summary>The input was empty.</summary>
    Empty,

    /// <summary>The bytes are neither XML, gzip nor zip (detected by magic bytes, not by file name).</summary>
    UnknownFormat,

    /// <summary>The bytes are a MIME message; extract the attachment first (MailAuth.MimeKit reads report messages).</summary>
    MimeMessage,

    /// <summary>The input or its decompressed content exceeds <see cref="DmarcReportReaderOptions.MaxDocumentBytes"/>.</summary>
    TooLarge,

    /// <summary>The decompressed size exceeds <see cref="DmarcReportReaderOptions.MaxCompressionRatio"/> times the compressed size (a compression bomb).</summary>
    CompressionRatio,

    /// <summary>The zip archive has more than <see cref="DmarcReportReaderOptions.MaxZipEntries"/> entries, or none with XML.</summary>
    ZipEntries,

    /// <summary>The gzip or zip data is corrupt or truncated.</summary>
    InvalidCompression,

    /// <summary>The document declares a DTD; DTD processing is prohibited (no XXE, no entity expansion).</summary>
    DtdProhibited,

    /// <summary>The XML is not well-formed, or an element holds markup where text belongs.</summary>
    InvalidXml,

    /// <summary>The root element is not <c>feedback</c>, or its namespace is neither RFC 7489's, RFC 9990's nor empty.</summary>
    NotAggregateReport,

    /// <summary>A required element is missing.</summary>
    MissingElement,

    /// <summary>An element holds a value outside its type (an unknown disposition, a count or date out of range, end before begin).</summary>
    InvalidValue,

    /// <summary>Elements nest deeper than <see cref="DmarcReportReaderOptions.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>The report has more than <see cref="DmarcReportReaderOptions.MaxRecords"/> records.</summary>
    TooManyRecords,
}
