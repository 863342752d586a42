using System.Net;
using MimeKit;

namespace MailAuth.MimeKit;

/// <summary>
/// An email feedback report (ARF, RFC 5965) as read: its type, the machine-readable fields (with the RFC 6591 / RFC 9991
/// authentication failure fields typed) and the reported message or header block.
/// </summary>
public sealed record ArfReport
{
    /// <summary><c>Feedback-Type</c>, lower case: <c>auth-failure</c> (RFC 6591), <c>abuse</c>, <c>fraud</c> …</summary>
    public required string FeedbackType { get; init; }

    /// <summary><c>User-Agent</c>.</summary>
    public required string UserAgent { get; init; }

    /// <summary><c>Version</c> (1 for RFC 5965).</summary>
    public required int Version { get; init; }

    /// <summary>Every field in order, including those typed below and extension fields.</summary>
    public required IReadOnlyList<ArfField> Fields { get; init; }

    /// <summary><c>Auth-Failure</c> without comments, lower case (<c>dmarc</c>, <c>bodyhash</c>, <c>signature</c>, <c>spf</c> …), or <see langword="null"/>.</summary>
    public string? AuthFailure { get; init; }

    /// <summary><c>Identity-Alignment</c> (RFC 9991 §4): the mechanisms that failed to authenticate an aligned identity, or <c>none</c>; empty when absent.</summary>
    public IReadOnlyList<string> IdentityAlignment { get; init; } = [];

    /// <summary><c>Delivery-Result</c> (RFC 6591 §3.2.2), or <see langword="null"/>.</summary>
    public string? DeliveryResult { get; init; }

    /// <summary><c>Original-Mail-From</c>, or <see langword="null"/>.</summary>
    public string? OriginalMailFrom { get; init; }

    /// <summary><c>Original-Envelope-Id</c>, or <see langword="null"/>.</summary>
    public string? OriginalEnvelopeId { get; init; }

    /// <summary><c>Original-Rcpt-To</c> values.</summary>
    public IReadOnlyList<string> OriginalRcptTo { get; init; } = [];

    /// <summary><c>Arrival-Date</c> (or the historic <c>Received-Date</c>) as written, or <see langword="null"/>.</summary>
    public string? ArrivalDate { get; init; }

    /// <summary><c>Reporting-MTA</c>, or <see langword="null"/>.</summary>
    public string? ReportingMta { get; init; }

    /// <summary><c>Source-IP</c>, or <see langword="null"/>.</summary>
    public IPAddress? SourceIp { get; init; }

    /// <summary><c>Incidents</c> (absent means one).</summary>
    public uint Incidents { get; init; } = 1;

    /// <summary><c>Reported-Domain</c> values.</summary>
    public IReadOnlyList<string> ReportedDomains { get; init; } = [];

    /// <summary><c>Reported-URI</c> values.</summary>
    public IReadOnlyList<string> ReportedUris { get; init; } = [];

    /// <summary><c>Authentication-Results</c> values.</summary>
    public IReadOnlyList<string> AuthenticationResults { get; init; } = [];

    /// <summary><c>DKIM-Domain</c>, or <see langword="null"/>.</summary>
    public string? DkimDomain { get; init; }

    /// <summary><c>DKIM-Identity</c>, or <see langword="null"/>.</summary>
    public string? DkimIdentity { get; init; }

    /// <summary><c>DKIM-Selector</c>, or <see langword="null"/>.</summary>
    public string? DkimSelector { get; init; }

    /// <summary><c>SPF-DNS</c> values.</summary>
    public IReadOnlyList<string> SpfDns { get; init; } = [];

    /// <summary>The report's <c>Subject</c>, or <see langword="null"/>.</summary>
    public string? Subject { get; init; }

    /// <summary>The human-readable first part, or <see langword="null"/>.</summary>
    public string? Description { get; init; }

    /// <summary>The reported message (<c>message/rfc822</c>) or its header block (<c>text/rfc822-headers</c>, then with no body).</summary>
    public required MimeMessage Original { get; init; }

    /// <summary><see langword="true"/> when only the header block was reported.</summary>
    public bool OriginalIsHeadersOnly { get; init; }

    /// <summary>The first field with this name, or <see langword="null"/>.</summary>
    /// <param name="name">The field name (case-insensitive).</param>
    /// <returns>The value.</returns>
    public string? GetField(string name) => Fields.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
}
