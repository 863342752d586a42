namespace MailAuth.Policy;

/// <summary>
/// The receiving settings of one customer (recipient) domain (guide 6.3.2): filtering on or off, allowlists, and the
/// action for spoofed mail. A plain model: set it from code, or load it with <see cref="ReceiverPolicyJson"/>;
/// <see cref="ReceiverPolicy"/> validates it. Domain entries match the name exactly; an entry <c>*.example.com</c>
/// matches the subdomains of <c>example.com</c> (not <c>example.com</c> itself, and never <c>notexample.com</c>).
/// </summary>
public sealed class DomainPolicySettings
{
    /// <summary>The header field <see cref="SpoofedMailAction.Mark"/> adds when no other is set.</summary>
    public const string DefaultMarkHeader = "X-MailAuth-Spoofed";

    /// <summary>Whether DMARC failures are acted on for this domain (guide 6.3.2.1). Off: every message is accepted, overrides recorded as <c>local_policy</c>.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Filtering { get; init; } = true;

    /// <summary>The action for mail that fails DMARC with a quarantine or reject disposition (guide 6.3.2.3).</summary>
    /// <value>Default <see cref="SpoofedMailAction.FollowDmarc"/>.</value>
    public SpoofedMailAction Action { get; init; } = SpoofedMailAction.FollowDmarc;

    /// <summary>The header field name <see cref="SpoofedMailAction.Mark"/> adds (RFC 5322 §3.6.8 field name: printable ASCII, no colon).</summary>
    /// <value>Default <see cref="DefaultMarkHeader"/>.</value>
    public string MarkHeader { get; init; } = DefaultMarkHeader;

    /// <summary>A tag <see cref="SpoofedMailAction.Mark"/> puts in front of the Subject, e.g. <c>[SPOOFED]</c>; printable ASCII and spaces, at most 64 characters.</summary>
    /// <value>Default <see langword="null"/>: the Subject is not changed.</value>
    public string? SubjectTag { get; init; }

    /// <summary>The SMTP reply code of a rejection (RFC 5321 §4.2.2).</summary>
    /// <value>Default 550; 550–554.</value>
    public int RejectCode { get; init; } = 550;

    /// <summary>The text of a rejection; printable ASCII, at most 200 characters.</summary>
    /// <value>Default <see langword="null"/>: a text naming the DMARC failure.</value>
    public string? RejectText { get; init; }

    /// <summary>Sender (RFC5322.From) domains whose failing mail is accepted (guide 6.3.2.2; override <c>local_policy</c>).</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<string> AllowedSenderDomains { get; init; } = Array.Empty<string>();

    /// <summary>Client IP ranges (CIDR, or a single address) whose failing mail is accepted (override <c>local_policy</c>).</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<string> AllowedIpRanges { get; init; } = Array.Empty<string>();

    /// <summary>IP ranges of forwarders whose failing mail is accepted (override <c>trusted_forwarder</c>).</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<string> TrustedForwarders { get; init; } = Array.Empty<string>();

    /// <summary>ARC sealer domains (<c>d=</c>) trusted to report DMARC pass before they forwarded (override <c>trusted_forwarder</c>; see <see cref="ArcEvidence"/>).</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<string> TrustedArcSealers { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Mailing list domains: failing mail whose MAIL FROM domain passed SPF, or that has a valid DKIM signature, in one of
    /// these domains is accepted (override <c>mailing_list</c>). Only authenticated identities count, never List-Id.
    /// </summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<string> MailingLists { get; init; } = Array.Empty<string>();
}
