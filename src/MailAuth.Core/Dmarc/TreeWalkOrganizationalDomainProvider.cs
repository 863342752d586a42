using MailAuth.Dns;

namespace MailAuth.Dmarc;

/// <summary>
/// RFC 9989 §4.10.2 Organizational Domain by DNS tree walk: query <c>_dmarc</c> records from the name upwards (at most
/// <see cref="DmarcOptions.MaxTreeWalkQueries"/> queries) and select by the <c>psd</c> tags found, else the record with the
/// fewest labels, else the name itself.
/// </summary>
public sealed class TreeWalkOrganizationalDomainProvider : IOrganizationalDomainProvider
{
    private readonly IDnsResolver _resolver;
    private readonly int _maxQueries;

    /// <summary>Creates a provider.</summary>
    /// <param name="resolver">The DNS resolver.</param>
    /// <param name="maxQueries">The query limit of one walk (RFC 9989 §4.10: 8).</param>
    public TreeWalkOrganizationalDomainProvider(IDnsResolver resolver, int maxQueries = DmarcOptions.DefaultMaxTreeWalkQueries)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueries, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxQueries, 127);
        _resolver = resolver;
        _maxQueries = maxQueries;
    }

    /// <inheritdoc />
    public async ValueTask<OrganizationalDomainResult> GetOrganizationalDomainAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (!DmarcDomain.TryNormalize(domain, out string normalized, out string? error))
        {
            return OrganizationalDomainResult.Invalid(error!);
        }

        var walk = await DmarcTreeWalk.RunAsync(normalized, new DmarcRecordFetcher(_resolver), _maxQueries, cancellationToken).ConfigureAwait(false);
        return walk.IsTempError
            ? new OrganizationalDomainResult(OrganizationalDomainStatus.TempError, null, walk.Error, walk.Steps)
            : new OrganizationalDomainResult(OrganizationalDomainStatus.Found, walk.OrganizationalDomain, null, walk.Steps);
    }
}
