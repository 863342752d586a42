using System.Net;

namespace MailAuth.Dns;

/// <summary>
/// The DNS look-ups that SPF, DKIM, DMARC and ARC need. Implementations never throw for DNS failures:
/// NXDOMAIN, SERVFAIL, timeouts and network errors come back as a <see cref="DnsResponse{T}"/> status.
/// They throw only for caller errors (null name) and <see cref="OperationCanceledException"/> when
/// the cancellation token is cancelled. Names are absolute, with or without a trailing dot;
/// CNAME chains are followed by the resolver.
/// </summary>
/// <remarks>Implementations must be safe for concurrent use.</remarks>
public interface IDnsResolver
{
    /// <summary>Looks up the TXT records of <paramref name="name"/>.</summary>
    /// <param name="name">The domain name.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The answer.</returns>
    ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Looks up the A (IPv4) records of <paramref name="name"/>.</summary>
    /// <param name="name">The domain name.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The answer.</returns>
    ValueTask<DnsResponse<IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Looks up the AAAA (IPv6) records of <paramref name="name"/>.</summary>
    /// <param name="name">The domain name.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The answer.</returns>
    ValueTask<DnsResponse<IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Looks up the MX records of <paramref name="name"/>.</summary>
    /// <param name="name">The domain name.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The answer.</returns>
    ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Looks up the PTR records for <paramref name="address"/> (in in-addr.arpa or ip6.arpa).</summary>
    /// <param name="address">The IPv4 or IPv6 address.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The answer: host names without a trailing dot.</returns>
    ValueTask<DnsResponse<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default);
}
