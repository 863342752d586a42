using MailAuth.PublicSuffix;

namespace MailAuth.Dmarc;

/// <summary>
/// RFC 7489 §3.2 Organizational Domain: the registrable domain (public suffix plus one label) from a
/// <see cref="PublicSuffixList"/>; a name that is itself a public suffix is its own Organizational Domain. No DNS.
/// </summary>
public sealed class PublicSuffixOrganizationalDomainProvider : IOrganizationalDomainProvider
{
    private readonly PublicSuffixList _list;

    /// <summary>Creates a provider.</summary>
    /// <param name="list">The list; <see langword="null"/> for <see cref="PublicSuffixList.Default"/>.</param>
    public PublicSuffixOrganizationalDomainProvider(PublicSuffixList? list = null) => _list = list ?? PublicSuffixList.Default;

    /// <inheritdoc />
    public ValueTask<OrganizationalDomainResult> GetOrganizationalDomainAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return ValueTask.FromResult(GetOrganizationalDomain(domain));
    }

    /// <summary>The synchronous form of <see cref="GetOrganizationalDomainAsync"/>.</summary>
    /// <param name="domain">A domain name.</param>
    /// <returns>The Organizational Domain.</returns>
    public OrganizationalDomainResult GetOrganizationalDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (!DmarcDomain.TryNormalize(domain, out string normalized, out string? error))
        {
            return OrganizationalDomainResult.Invalid(error!);
        }

        var match = _list.Match(normalized);
        if (!match.IsValid)
        {
            return OrganizationalDomainResult.Invalid($"invalid domain '{domain}'");
        }

        return OrganizationalDomainResult.Found(match.HasRegistrableDomain ? normalized[match.RegistrableDomainStart..] : normalized);
    }
}
