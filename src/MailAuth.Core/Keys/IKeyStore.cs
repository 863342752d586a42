namespace MailAuth.Keys;

/// <summary>
/// Where DKIM signing keys come from. A domain may have several keys, one per selector (RFC 6376 §3.1): that is
/// how keys are rotated — publish the new selector, sign with it, withdraw the old one later (see docs/dkim.md).
/// </summary>
/// <remarks>Implementations are thread-safe. Keys returned belong to the store; callers do not dispose them.</remarks>
public interface IKeyStore
{
    /// <summary>Gets the signing key for (<paramref name="domain"/>, <paramref name="selector"/>).</summary>
    /// <param name="domain">The signing domain (<c>d=</c>).</param>
    /// <param name="selector">The selector (<c>s=</c>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The key, or <see langword="null"/> when the store has none.</returns>
    ValueTask<DkimSigningKey?> GetSigningKeyAsync(string domain, string selector, CancellationToken cancellationToken = default);

    /// <summary>Gets the keys to sign with for <paramref name="domain"/> now (e.g. one RSA and one Ed25519 key for dual signing).</summary>
    /// <param name="domain">The signing domain.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The active keys with their selectors; empty when there are none.</returns>
    ValueTask<IReadOnlyList<DkimKeyEntry>> GetActiveKeysAsync(string domain, CancellationToken cancellationToken = default);
}
