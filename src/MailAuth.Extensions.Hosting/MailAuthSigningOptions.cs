using MailAuth.Dkim;

namespace MailAuth.Extensions.Hosting;

/// <summary>How the registered <see cref="DkimMessageSigner"/> signs; each value feeds <see cref="DkimMessageSignerOptions"/>.</summary>
public sealed class MailAuthSigningOptions
{
    /// <summary>The header canonicalization (RFC 6376 §3.4).</summary>
    /// <value><see cref="DkimCanonicalization.Relaxed"/>.</value>
    public DkimCanonicalization HeaderCanonicalization { get; set; } = DkimCanonicalization.Relaxed;

    /// <summary>The body canonicalization (RFC 6376 §3.4).</summary>
    /// <value><see cref="DkimCanonicalization.Relaxed"/>.</value>
    public DkimCanonicalization BodyCanonicalization { get; set; } = DkimCanonicalization.Relaxed;

    /// <summary>Whether signatures carry <c>t=</c> (RFC 6376 §3.5).</summary>
    /// <value><see langword="true"/>.</value>
    public bool IncludeTimestamp { get; set; } = true;

    /// <summary>How long after signing a signature expires (<c>x=</c>, RFC 6376 §3.5).</summary>
    /// <value><see langword="null"/>: no <c>x=</c>; positive when set.</value>
    public TimeSpan? Expiration { get; set; }

    /// <summary>The folding width of the DKIM-Signature field.</summary>
    /// <value>78 (RFC 5322 §2.1.1); 40 to 998.</value>
    public int LineLength { get; set; } = 78;
}
