namespace MailAuth.Reports;

/// <summary>
/// The failure reporting options of a DMARC record's <c>fo</c> tag (RFC 7489 §6.3, RFC 9989 §4.7), as flags: which
/// conditions a Domain Owner asks failure reports for, or which of them a message met.
/// </summary>
[Flags]
public enum DmarcFailureReportTriggers
{
    /// <summary>No condition.</summary>
    None = 0,

    /// <summary><c>0</c>: all underlying mechanisms failed to produce an aligned pass (the default).</summary>
    AllFailed = 1,

    /// <summary><c>1</c>: any underlying mechanism failed to produce an aligned pass.</summary>
    AnyFailed = 2,

    /// <summary><c>d</c>: a DKIM signature failed to verify, regardless of its alignment.</summary>
    DkimFailed = 4,

    /// <summary><c>s</c>: SPF failed, regardless of alignment.</summary>
    SpfFailed = 8,
}
