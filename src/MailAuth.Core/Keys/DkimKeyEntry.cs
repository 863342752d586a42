namespace MailAuth.Keys;

/// <summary>A signing key with the domain and selector it is published under (RFC 6376 §3.1).</summary>
/// <param name="Domain">The signing domain (<c>d=</c>).</param>
/// <param name="Selector">The selector (<c>s=</c>).</param>
/// <param name="Key">The private key.</param>
public sealed record DkimKeyEntry(string Domain, string Selector, DkimSigningKey Key);
