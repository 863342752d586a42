namespace MailAuth.MimeKit;

/// <summary>How the local parts of mail addresses are redacted in a failure report (RFC 6590, RFC 9991 §7).</summary>
public enum DmarcFailureReportRedaction
{
    /// <summary>No redaction.</summary>
    None = 0,

    /// <summary>Every local part becomes <see cref="DmarcFailureReportComposerOptions.RedactionToken"/>.</summary>
    Token = 1,

    /// <summary>
    /// Every local part becomes a keyed hash (HMAC-SHA-256 with <see cref="DmarcFailureReportComposerOptions.RedactionKey"/>,
    /// 16 hex digits): the same address gives the same string, so the reader can correlate reports without learning the address
    /// (RFC 6590 §4).
    /// </summary>
    KeyedHash = 2,
}
