using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// MimeKit's <see cref="IDkimPublicKeyLocator"/> over an in-memory key table
/// (<c>selector._domainkey.domain</c> → TXT record text): MimeKit verifies offline, and records are parsed once.
/// </summary>
internal sealed class KeyTablePublicKeyLocator : DkimPublicKeyLocatorBase
{
    private readonly IReadOnlyDictionary<string, string> _records;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AsymmetricKeyParameter> _parsed = new(StringComparer.OrdinalIgnoreCase);

    public KeyTablePublicKeyLocator(IReadOnlyDictionary<string, string> records) => _records = records;

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var name = selector + "._domainkey." + domain.TrimEnd('.');
        return _parsed.GetOrAdd(name, n => _records.TryGetValue(n, out var record)
            ? GetPublicKey(record)
            : throw new global::MimeKit.ParseException($"no DKIM key record at {n}", 0, 0));
    }

    public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
}
