using MailAuth.AuthResults;

namespace MailAuth.Arc;

/// <summary>
/// One ARC Set as a policy layer sees it (RFC 8617 §4.2, §7.2): who sealed it (<c>d=</c>, <c>s=</c> of the ARC-Seal),
/// who signed the message (<c>d=</c>, <c>s=</c> of the AMS), the <c>cv=</c> it recorded, and the authentication
/// results that hop recorded in its ARC-Authentication-Results, parsed.
/// </summary>
public sealed record ArcHop
{
    /// <summary>The instance <c>i=</c> (RFC 8617 §4.2.1), 1 = the first sealer.</summary>
    public int Instance { get; init; }

    /// <summary>The ARC-Seal's <c>d=</c>: the sealing domain.</summary>
    public string? SealDomain { get; init; }

    /// <summary>The ARC-Seal's <c>s=</c>.</summary>
    public string? SealSelector { get; init; }

    /// <summary>The ARC-Seal's <c>a=</c> as written.</summary>
    public string? SealAlgorithm { get; init; }

    /// <summary>The ARC-Seal's <c>cv=</c> as written, lower case ("none", "pass", "fail").</summary>
    public string? ChainValidation { get; init; }

    /// <summary>The ARC-Message-Signature's <c>d=</c>.</summary>
    public string? MessageSignatureDomain { get; init; }

    /// <summary>The ARC-Message-Signature's <c>s=</c>.</summary>
    public string? MessageSignatureSelector { get; init; }

    /// <summary>
    /// The ARC-Authentication-Results payload (RFC 8617 §4.1.1), parsed leniently, or <see langword="null"/> when it
    /// does not parse. Its authserv-id is <see cref="AuthResultsHeader.AuthServId"/>. Trust it only when the chain
    /// passed and the sealer is one you trust (RFC 8617 §7.2, §9.4).
    /// </summary>
    public AuthResultsHeader? AuthenticationResults { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"i={Instance} d={SealDomain} s={SealSelector} cv={ChainValidation}";
}
