using System.Net;

namespace MailAuth.Dns;

/// <summary>
/// A base class for <see cref="IDnsResolver"/> decorators (logging, metrics, rewriting, fault injection): every
/// look-up goes to <see cref="Inner"/> unless a derived class overrides it, so a decorator overrides only what it changes.
/// </summary>
/// <example>
/// <code>
/// sealed class LoggingResolver(IDnsResolver inner, ILogger log) : DelegatingDnsResolver(inner)
/// {
///     public override async ValueTask&lt;DnsResponse&lt;TxtRecord&gt;&gt; QueryTxtAsync(string name, CancellationToken cancellationToken = default)
///     {
///         var response = await base.QueryTxtAsync(name, cancellationToken);
///         log.LogDebug("TXT {Name}: {Status}", name, response.Status);
///         return response;
///     }
/// }
/// </code>
/// </example>
public abstract class DelegatingDnsResolver : IDnsResolver
{
    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The resolver every look-up is passed to.</param>
    protected DelegatingDnsResolver(IDnsResolver inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The decorated resolver.</summary>
    protected IDnsResolver Inner { get; }

    /// <inheritdoc />
    public virtual ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) => Inner.QueryTxtAsync(name, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<DnsResponse<IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default) => Inner.QueryAAsync(name, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<DnsResponse<IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default) => Inner.QueryAaaaAsync(name, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) => Inner.QueryMxAsync(name, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<DnsResponse<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default) => Inner.QueryPtrAsync(address, cancellationToken);
}
