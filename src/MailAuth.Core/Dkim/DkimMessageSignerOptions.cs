using Microsoft.Extensions.Logging;
using MailAuth.Text;

namespace MailAuth.Dkim;

/// <summary>
/// How <see cref="DkimMessageSigner"/> signs. Defaults follow RFC 6376 §5 and RFC 8301: relaxed/relaxed, the recommended header
/// list of §5.4.1 with From over-signed, <c>t=</c> set, no <c>x=</c>, no <c>l=</c>, no <c>i=</c>.
/// Validated once into a frozen copy when the signer is built (docs/options.md); later changes do not affect it.
/// </summary>
public sealed class DkimMessageSignerOptions
{
    // Set on the copies Freeze makes: checked already, and nobody else holds a reference that could change.
    private bool _frozen;

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

    /// <summary>The clock for <c>t=</c> and <c>x=</c>.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the signer logs (category <c>MailAuth.Dkim.Sign</c>; docs/observability.md); <see langword="null"/> for no logs.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Checks every value and returns a private copy (docs/options.md); a copy it made is returned as it is.</summary>
    /// <param name="path">The path of these options inside enclosing options, for exception messages.</param>
    /// <param name="timeProvider">The clock to use instead of <see cref="TimeProvider"/>, or <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory to use instead of <see cref="LoggerFactory"/>, or <see langword="null"/>.</param>
    /// <returns>The frozen copy.</returns>
    internal DkimMessageSignerOptions Freeze(string? path = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        if (_frozen && path is null && timeProvider is null && loggerFactory is null)
        {
            return this;
        }

        string[]? signed = SignedHeaders is null ? null : HeaderNames(SignedHeaders, OptionChecks.Name(path, nameof(SignedHeaders)));
        if (signed is not null && !signed.Contains("From", StringComparer.OrdinalIgnoreCase))
        {
            string name = OptionChecks.Name(path, nameof(SignedHeaders));
            throw new ArgumentException($"{name}: RFC 6376 §5.4: the signed header fields must include From.", name);
        }

        if (Expiration is { } x)
        {
            OptionChecks.AtLeast(x, TimeSpan.FromTicks(1), OptionChecks.Name(path, nameof(Expiration)));
        }

        return new DkimMessageSignerOptions
        {
            HeaderCanonicalization = OptionChecks.Defined(HeaderCanonicalization, OptionChecks.Name(path, nameof(HeaderCanonicalization))),
            BodyCanonicalization = OptionChecks.Defined(BodyCanonicalization, OptionChecks.Name(path, nameof(BodyCanonicalization))),
            SignedHeaders = signed,
            OversignedHeaders = HeaderNames(OversignedHeaders, OptionChecks.Name(path, nameof(OversignedHeaders))),
            OversignedWhenPresentHeaders = HeaderNames(OversignedWhenPresentHeaders, OptionChecks.Name(path, nameof(OversignedWhenPresentHeaders))),
            IncludeTimestamp = IncludeTimestamp,
            Expiration = Expiration,
            IncludeBodyLength = IncludeBodyLength,
            LineLength = OptionChecks.InRange(LineLength, 40, 998, OptionChecks.Name(path, nameof(LineLength))),
            LoggerFactory = loggerFactory ?? LoggerFactory,
            TimeProvider = timeProvider ?? OptionChecks.NotNull(TimeProvider, OptionChecks.Name(path, nameof(TimeProvider))),
            _frozen = true,
        };
    }

    // RFC 5322 §3.6.8: field-name = 1*ftext, ftext = %d33-57 / %d59-126.
    private static string[] HeaderNames(IReadOnlyList<string>? names, string option)
    {
        string[] copy = OptionChecks.Copy(names, option);
        foreach (string name in copy)
        {
            if (name.Length == 0 || name.Any(c => c is < '!' or > '~' or ':'))
            {
                throw new ArgumentException($"{option}: '{name}' is not a header field name (RFC 5322 §3.6.8).", option);
            }
        }

        return copy;
    }
}
