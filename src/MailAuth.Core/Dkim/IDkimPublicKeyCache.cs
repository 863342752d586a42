using System.Diagnostics.CodeAnalysis;
namespace MailAuth.Dkim;

/// <summary>
/// A cache of parsed DKIM key records, keyed by the query name <c>selector._domainkey.domain</c>. Caching the parsed
/// <see cref="DkimPublicKey"/> saves the DNS round trip, the record parse and the key import (RSA import costs far more
/// than a verification). Set <see cref="DkimMessageVerifierOptions.PublicKeyCache"/> to use one, e.g. <see cref="DkimPublicKeyCache"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IDkimPublicKeyCache
{
    /// <summary>Looks up a key.</summary>
    /// <param name="name">The query name, lower case, without a trailing dot.</param>
    /// <param name="key">The cached key.</param>
    /// <returns><see langword="true"/> on a hit.</returns>
    bool TryGet(string name, [NotNullWhen(true)] out DkimPublicKey? key);

    /// <summary>Stores a key for <paramref name="timeToLive"/> (the DNS TTL of its record).</summary>
    /// <param name="name">The query name, lower case, without a trailing dot.</param>
    /// <param name="key">The key.</param>
    /// <param name="timeToLive">How long it may be used.</param>
    void Set(string name, DkimPublicKey key, TimeSpan timeToLive);
}
