using MailAuth.Dns;

namespace MailAuth.Dmarc;

/// <summary>
/// Verifies external report destinations (RFC 7489 §7.1, RFC 9989 §11.6): when a <c>rua</c>/<c>ruf</c> URI's host is not
/// in the policy domain's Organizational Domain, the destination must publish a TXT record starting with <c>v=DMARC1</c> at
/// <c>&lt;policy-domain&gt;._report._dmarc.&lt;destination-host&gt;</c>. Thread-safe.
/// </summary>
public sealed class DmarcReportAuthorization
{
    private readonly IDnsResolver _resolver;
    private readonly IOrganizationalDomainProvider _organizationalDomains;

    /// <summary>Creates a verifier.</summary>
    /// <param name="resolver">The DNS resolver.</param>
    /// <param name="organizationalDomains">How to decide "same Organizational Domain"; <see langword="null"/> for the Public Suffix List.</param>
    public DmarcReportAuthorization(IDnsResolver resolver, IOrganizationalDomainProvider? organizationalDomains = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _organizationalDomains = organizationalDomains ?? new PublicSuffixOrganizationalDomainProvider();
    }

    /// <summary>Checks whether reports about <paramref name="policyDomain"/> may go to <paramref name="uri"/>.</summary>
    /// <param name="policyDomain">The domain whose DMARC record lists the URI.</param>
    /// <param name="uri">A <c>rua</c> or <c>ruf</c> entry.</param>
    /// <param name="cancellationToken">Cancels the look-ups.</param>
    /// <returns>The verdict.</returns>
    public ValueTask<DmarcReportAuthorizationResult> VerifyAsync(string policyDomain, DmarcReportUri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policyDomain);
        ArgumentNullException.ThrowIfNull(uri);
        return VerifyAsync(policyDomain, uri.DestinationHost, cancellationToken);
    }

    /// <summary>Checks whether reports about <paramref name="policyDomain"/> may go to <paramref name="destinationHost"/>.</summary>
    /// <param name="policyDomain">The domain whose DMARC record names the destination.</param>
    /// <param name="destinationHost">The destination host (the domain of a <c>mailto:</c> address).</param>
    /// <param name="cancellationToken">Cancels the look-ups.</param>
    /// <returns>The verdict.</returns>
    public async ValueTask<DmarcReportAuthorizationResult> VerifyAsync(string policyDomain, string? destinationHost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policyDomain);
        if (!DmarcDomain.TryNormalize(policyDomain, out string policy, out string? error))
        {
            return new DmarcReportAuthorizationResult(DmarcReportAuthorizationStatus.Invalid, policyDomain, destinationHost, null, Detail: error);
        }

        if (!DmarcDomain.TryNormalize(destinationHost, out string destination, out error))
        {
            return new DmarcReportAuthorizationResult(DmarcReportAuthorizationStatus.Invalid, policy, destinationHost, null, Detail: "no usable destination host: " + error);
        }

        if (destination == policy || DmarcDomain.IsSubdomainOf(destination, policy))
        {
            return new DmarcReportAuthorizationResult(DmarcReportAuthorizationStatus.SameOrganization, policy, destination, null);
        }

        var policyOrg = await _organizationalDomains.GetOrganizationalDomainAsync(policy, cancellationToken).ConfigureAwait(false);
        var destinationOrg = await _organizationalDomains.GetOrganizationalDomainAsync(destination, cancellationToken).ConfigureAwait(false);
        if (policyOrg.Status == OrganizationalDomainStatus.Found && policyOrg.Domain == destinationOrg.Domain)
        {
            return new DmarcReportAuthorizationResult(DmarcReportAuthorizationStatus.SameOrganization, policy, destination, null);
        }

        string name = $"{policy}._report._dmarc.{destination}";
        var response = await _resolver.QueryTxtAsync(name, cancellationToken).ConfigureAwait(false);
        if (!response.IsDefinitive)
        {
            return new DmarcReportAuthorizationResult(DmarcReportAuthorizationStatus.TempError, policy, destination, name, Detail: response.ErrorMessage ?? response.Status.ToString());
        }

        foreach (var txt in response.Records)
        {
            if (DmarcRecord.TryParse(txt.Text, out var record, out _))
            {
                return new DmarcReportAuthorizationResult(DmarcReportAuthorizationStatus.Authorized, policy, destination, name, record);
            }
        }

        return new DmarcReportAuthorizationResult(DmarcReportAuthorizationStatus.NotAuthorized, policy, destination, name,
            Detail: response.Status == DnsStatus.NxDomain ? "NXDOMAIN" : "no v=DMARC1 record");
    }
}
