using MailAuth.Keys;

namespace MailAuth.Dkim;

/// <summary>One signature to add: the key, the signing domain (<c>d=</c>) and selector (<c>s=</c>), optionally <c>i=</c>.</summary>
/// <param name="Key">The private key; its type picks rsa-sha256 or ed25519-sha256.</param>
/// <param name="Domain">The signing domain (SDID).</param>
/// <param name="Selector">The selector; the public key is published at <c>selector._domainkey.domain</c>.</param>
/// <param name="Identity">The <c>i=</c> value (e.g. "@mail.example.com" or "user@example.com"), whose domain must be <paramref name="Domain"/> or a subdomain of it; <see langword="null"/> for none.</param>
public sealed record DkimSigningRequest(DkimSigningKey Key, string Domain, string Selector, string? Identity = null);
