using System.Net;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Spf;

namespace MailAuth.Policy;

/// <summary>
/// The results a <see cref="ReceiverPolicy"/> decision is made from: DMARC with its disposition, the SPF and DKIM
/// results behind it, and the SMTP client. <see cref="FromOutcome"/> fills it from <see cref="AuthenticationOutcome"/>;
/// users who run the engines themselves set the properties.
/// </summary>
public sealed record PolicyInput
{
    /// <summary>The DMARC result.</summary>
    public DmarcStatus Dmarc { get; init; }

    /// <summary>What DMARC asks (RFC 7489 §6.3), after <c>pct</c> and <c>t=y</c>: <see cref="DmarcResult.Disposition"/>.</summary>
    public DmarcPolicy Disposition { get; init; }

    /// <summary>The policy the record asks for before <c>pct</c>/<c>t=y</c> (<see cref="DmarcResult.Policy"/>), or <see langword="null"/>.</summary>
    public DmarcPolicy? RequestedPolicy { get; init; }

    /// <summary><see langword="true"/> when <c>t=y</c> lowered the disposition (<see cref="DmarcResult.TestingModeApplied"/>).</summary>
    public bool TestingMode { get; init; }

    /// <summary><see langword="true"/> when <c>pct</c> sampling lowered the disposition (<see cref="DmarcResult.SampledOut"/>).</summary>
    public bool SampledOut { get; init; }

    /// <summary>The RFC5322.From domain, or <see langword="null"/>.</summary>
    public string? AuthorDomain { get; init; }

    /// <summary>The SPF result for the MAIL FROM (or HELO) identity.</summary>
    public SpfStatus Spf { get; init; }

    /// <summary>The domain SPF checked (MAIL FROM domain, or HELO), or <see langword="null"/>.</summary>
    public string? SpfDomain { get; init; }

    /// <summary>The number of DKIM signatures checked.</summary>
    public int DkimSignatures { get; init; }

    /// <summary>The <c>d=</c> of every DKIM signature that verified.</summary>
    public IReadOnlyList<string> DkimPassDomains { get; init; } = Array.Empty<string>();

    /// <summary><see langword="true"/> when some signature was valid but unacceptable by local policy (<c>dkim=policy</c>) and none passed.</summary>
    public bool DkimUnacceptable { get; init; }

    /// <summary><see langword="true"/> when a DKIM pass was aligned with the From domain.</summary>
    public bool DkimAligned { get; init; }

    /// <summary>The SMTP client's address, or <see langword="null"/>.</summary>
    public IPAddress? ClientIp { get; init; }

    /// <summary><see langword="true"/> for the null reverse-path (a bounce).</summary>
    public bool NullReversePath { get; init; }

    /// <summary>Builds the input from the facade's outcome.</summary>
    /// <param name="outcome">The outcome of <see cref="MessageAuthenticator"/>.</param>
    /// <returns>The input.</returns>
    public static PolicyInput FromOutcome(AuthenticationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        DmarcResult dmarc = outcome.Dmarc;
        string[] passDomains = outcome.Dkim.Where(d => d.Status == DkimStatus.Pass && d.Domain is not null).Select(d => d.Domain!).ToArray();
        return new PolicyInput
        {
            Dmarc = dmarc.Status,
            Disposition = dmarc.Disposition,
            RequestedPolicy = dmarc.Policy,
            TestingMode = dmarc.TestingModeApplied,
            SampledOut = dmarc.SampledOut,
            AuthorDomain = dmarc.AuthorDomain,
            Spf = outcome.Spf.Status,
            SpfDomain = outcome.Spf.Domain,
            DkimSignatures = outcome.Dkim.Count,
            DkimPassDomains = passDomains,
            DkimUnacceptable = passDomains.Length == 0 && outcome.Dkim.Any(d => d.Status == DkimStatus.Policy),
            DkimAligned = dmarc.DkimAligned,
            ClientIp = outcome.Context.ClientIp,
            NullReversePath = outcome.Context.IsNullReversePath,
        };
    }
}
