namespace MailAuth.Reports;

/// <summary>What wrapped the report XML, as detected from the leading bytes.</summary>
public enum DmarcReportContainer
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,

    /// <summary>Bare XML (optionally with a byte-order mark).</summary>
    Xml,

    /// <summary>gzip (RFC 1952; magic <c>1F 8B</c>).</summary>
    Gzip,

    /// <summary>zip (magic <c>PK\x03\x04</c>).</summary>
    Zip,

    /// <summary>A MIME message (a header field first).</summary>
    Mime,
}
