namespace MailAuth.Dmarc;

/// <summary>
/// Finds the Organizational Domain of a domain name (RFC 7489 §3.2 with a Public Suffix List, or RFC 9989 §4.10.2 by
/// DNS tree walk). Implementations: <see cref="PublicSuffixOrganizationalDomainProvider"/>,
/// <see cref="TreeWalkOrganizationalDomainProvider"/>. Failures are results, never exceptions.
/// </summary>
public interface IOrganizationalDomainProvider
{
    /// <summary>Finds the Organizational Domain of <paramref name="domain"/>.</summary>
    /// <param name="domain">A domain name (ASCII or U-labels; any case; optional trailing dot).</param>
    /// <param name="cancellationToken">Cancels DNS look-ups.</param>
    /// <returns>The Organizational Domain, or a failure status.</returns>
    ValueTask<OrganizationalDomainResult> GetOrganizationalDomainAsync(string domain, CancellationToken cancellationToken = default);
}
