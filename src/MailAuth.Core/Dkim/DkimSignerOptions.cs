namespace MailAuth.Dkim;

/// <summary>
/// How <see cref="DkimSigner"/> signs. Defaults follow RFC 6376 §5 and RFC 8301: relaxed/relaxed, the recommended header
/// list of §5.4.1 with From over-signed, <c>t=</c> set, no <c>x=</c>, no <c>l=</c>, no <c>i=</c>.
/// Validated when the signer is created; the signer keeps its own copy.
/// </summary>
public sealed class DkimSignerOptions
{
    /// <summary>The header fields RFC 6376 §5.4.1 recommends signing, plus Message-ID and the MIME fields.</summary>
    public static IReadOnlyList<string> RecommendedHeaders { get; } =
    [
        "From", "Reply-To", "Subject", "Date", "To", "Cc", "Resent-Date", "Resent-From", "Resent-To", "Resent-Cc",
        "In-Reply-To", "References", "List-Id", "List-Help", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Subscribe",
        "List-Post", "List-Owner", "List-Archive", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    ];

    /// <summary>Header canonicalization (<c>c=</c>, RFC 6376 §3.4).</summary>
    /// <value>Default <see cref="DkimCanonicalization.Relaxed"/>.</value>
    public DkimCanonicalization HeaderCanonicalization { get; init; } = DkimCanonicalization.Relaxed;

    /// <summary>Body canonicalization (<c>c=</c>, RFC 6376 §3.4).</summary>
    /// <value>Default <see cref="DkimCanonicalization.Relaxed"/>.</value>
    public DkimCanonicalization BodyCanonicalization { get; init; } = DkimCanonicalization.Relaxed;

    /// <summary>
    /// The exact <c>h=</c> list to use, in order (names may repeat; a name absent from the message is over-signed);
    /// must include From (RFC 6376 §5.4). <see langword="null"/> selects, from <see cref="RecommendedHeaders"/>, every
    /// field present in the message (each occurrence) and adds <see cref="OversignedHeaders"/>.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public IReadOnlyList<string>? SignedHeaders { get; init; }

    /// <summary>
    /// Names listed once more than they occur, so that adding such a field later breaks the signature (RFC 6376 §8.15).
    /// Used only when <see cref="SignedHeaders"/> is <see langword="null"/>.
    /// </summary>
    /// <value>Default: From, Reply-To, Subject, To, Cc (RFC 6376 §8.15: a field added later then breaks the signature).</value>
    public IReadOnlyList<string> OversignedHeaders { get; init; } = ["From", "Reply-To", "Subject", "To", "Cc"];

    /// <summary>
    /// Names listed once more than they occur when the message has at least one such field, so that a second one
    /// prepended later breaks the signature (RFC 6376 §8.15). Used only when <see cref="SignedHeaders"/> is <see langword="null"/>.
    /// </summary>
    /// <value>Default: Subject, To, Cc, Reply-To, Date, Message-ID, MIME-Version, Content-Type, Content-Transfer-Encoding and the List-* fields of <see cref="RecommendedHeaders"/>.</value>
    public IReadOnlyList<string> OversignedWhenPresentHeaders { get; init; } =
    [
        "Subject", "To", "Cc", "Reply-To", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        "List-Id", "List-Help", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Subscribe", "List-Post", "List-Owner", "List-Archive",
    ];

    /// <summary>Whether to add <c>t=</c> (signing time, from the signer's <see cref="TimeProvider"/>).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool IncludeTimestamp { get; init; } = true;

    /// <summary>The signature lifetime: <c>x=</c> = <c>t=</c> + this; <see langword="null"/> for no <c>x=</c> (RFC 6376 §3.5).</summary>
    /// <value>Default <see langword="null"/>; positive when set.</value>
    public TimeSpan? Expiration { get; init; }

    /// <summary>
    /// Whether to add <c>l=</c> with the canonical body length (RFC 6376 §3.4.5). Discouraged: it lets anyone append
    /// content (§8.2). Off unless asked.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool IncludeBodyLength { get; init; }

    /// <summary>The column at which the field is folded.</summary>
    /// <value>Default 78 (RFC 5322 §2.1.1); 40 to 998.</value>
    public int LineLength { get; init; } = 78;

    internal DkimSignerOptions Validate()
    {
        if (SignedHeaders is not null && !SignedHeaders.Contains("From", StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException("RFC 6376 §5.4: the signed header fields must include From.", nameof(SignedHeaders));
        }

        ArgumentNullException.ThrowIfNull(OversignedHeaders, nameof(OversignedHeaders));
        ArgumentNullException.ThrowIfNull(OversignedWhenPresentHeaders, nameof(OversignedWhenPresentHeaders));
        foreach (string name in (SignedHeaders ?? []).Concat(OversignedHeaders).Concat(OversignedWhenPresentHeaders))
        {
            if (string.IsNullOrEmpty(name) || name.Any(c => c is < '!' or > '~' or ':'))
            {
                throw new ArgumentException($"'{name}' is not a header field name (RFC 5322 §3.6.8).", nameof(SignedHeaders));
            }
        }

        if (Expiration is { } x)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(x, TimeSpan.Zero, nameof(Expiration));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(LineLength, 40, nameof(LineLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LineLength, 998, nameof(LineLength));
        return new DkimSignerOptions
        {
            HeaderCanonicalization = HeaderCanonicalization,
            BodyCanonicalization = BodyCanonicalization,
            SignedHeaders = SignedHeaders?.ToArray(),
            OversignedHeaders = OversignedHeaders.ToArray(),
            OversignedWhenPresentHeaders = OversignedWhenPresentHeaders.ToArray(),
            IncludeTimestamp = IncludeTimestamp,
            Expiration = Expiration,
            IncludeBodyLength = IncludeBodyLength,
            LineLength = LineLength,
        };
    }
}
