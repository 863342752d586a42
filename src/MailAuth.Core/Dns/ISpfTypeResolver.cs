namespace MailAuth.Dns;

/// <summary>
/// A resolver that can also ask for records of the obsolete SPF type (99, RFC 7208 §3.1, §14.1). Evaluators never use
/// it; the domain audit does, to tell a domain that publishes only that type that receivers ignore it.
/// </summary>
internal interface ISpfTypeResolver
{
    /// <summary>Looks up the type-99 records of <paramref name="name"/>.</summary>
    ValueTask<DnsResponse<TxtRecord>> QuerySpfTypeAsync(string name, CancellationToken cancellationToken = default);
}
