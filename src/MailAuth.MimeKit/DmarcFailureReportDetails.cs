namespace MailAuth.MimeKit;

/// <summary>What the receiving MTA knows about a failed message beyond the authentication outcome (RFC 5965 §3.2, RFC 6591 §3).</summary>
public sealed record DmarcFailureReportDetails
{
    /// <summary>The <c>Original-Envelope-Id</c> (RFC 3461 ENVID), or <see langword="null"/>.</summary>
    public string? EnvelopeId { get; init; }

    /// <summary>The <c>Arrival-Date</c>, or <see langword="null"/>.</summary>
    public DateTimeOffset? ArrivalDate { get; init; }

    /// <summary>The <c>Delivery-Result</c>, or <see langword="null"/> to omit it.</summary>
    public ArfDeliveryResult? DeliveryResult { get; init; }

    /// <summary>The RCPT TO addresses to report as <c>Original-Rcpt-To</c> (redacted like every address), or empty.</summary>
    public IReadOnlyList<string> OriginalRecipients { get; init; } = [];

    /// <summary>
    /// The SPF record that gave the SPF result (its text, e.g. <c>v=spf1 -all</c>) for <c>SPF-DNS</c>, which RFC 9991 §4
    /// requires for an SPF failure of an aligned identifier; <see langword="null"/> to omit it.
    /// </summary>
    public string? SpfRecord { get; init; }
}
