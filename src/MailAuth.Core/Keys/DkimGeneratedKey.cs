using System.Globalization;
using System.Text;

namespace MailAuth.Keys;

/// <summary>A newly generated DKIM key pair (see <see cref="DkimKeyGenerator"/>): what to keep secret and what to publish.</summary>
public sealed class DkimGeneratedKey
{
    internal DkimGeneratedKey(DkimKeyType keyType, int keySize, string privateKeyPem, string publicKeyBase64)
    {
        KeyType = keyType;
        KeySize = keySize;
        PrivateKeyPem = privateKeyPem;
        PublicKeyBase64 = publicKeyBase64;
        DnsRecord = $"v=DKIM1; k={DkimKeyTypes.GetName(keyType)}; p={publicKeyBase64}";
    }

    /// <summary>RSA or Ed25519.</summary>
    public DkimKeyType KeyType { get; }

    /// <summary>Key size in bits (256 for Ed25519).</summary>
    public int KeySize { get; }

    /// <summary>The private key, PKCS#8 PEM ("PRIVATE KEY"). Keep it secret; load it with <see cref="DkimSigningKey.FromPem"/>.</summary>
    public string PrivateKeyPem { get; }

    /// <summary>The <c>p=</c> value (RFC 6376 §3.6.1; RFC 8463 §4 for Ed25519).</summary>
    public string PublicKeyBase64 { get; }

    /// <summary>The TXT record text to publish at <c>selector._domainkey.domain</c>: <c>v=DKIM1; k=rsa|ed25519; p=...</c>.</summary>
    public string DnsRecord { get; }

    /// <summary>The record split into character-strings of at most 255 octets, as a DNS TXT record needs them.</summary>
    public IReadOnlyList<string> DnsRecordStrings => DkimKeyGenerator.SplitTxt(DnsRecord);

    /// <summary>The name to publish the record at: <c>selector._domainkey.domain</c> (RFC 6376 §3.6.2.1).</summary>
    /// <param name="selector">The selector.</param>
    /// <param name="domain">The signing domain.</param>
    /// <returns>The owner name, without a trailing dot.</returns>
    public static string GetRecordName(string selector, string domain)
    {
        ArgumentException.ThrowIfNullOrEmpty(selector);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        return selector + "._domainkey." + domain.TrimEnd('.');
    }

    /// <summary>The record as one RFC 1035 master-file line, e.g. <c>sel._domainkey.example.com. 3600 IN TXT ( "v=DKIM1; k=rsa; p=..." "..." )</c>.</summary>
    /// <param name="selector">The selector.</param>
    /// <param name="domain">The signing domain.</param>
    /// <param name="timeToLive">The TTL; <see langword="null"/> to leave it to the zone's default.</param>
    /// <returns>The zone-file text (one line).</returns>
    public string ToZoneFileRecord(string selector, string domain, TimeSpan? timeToLive = null)
    {
        var sb = new StringBuilder();
        sb.Append(GetRecordName(selector, domain)).Append(". ");
        if (timeToLive is { } ttl)
        {
            sb.Append(((long)ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append(' ');
        }

        sb.Append("IN TXT (");
        foreach (var part in DnsRecordStrings)
        {
            // The record text is base64 and tag syntax only: no quote or backslash to escape.
            sb.Append(" \"").Append(part).Append('"');
        }

        return sb.Append(" )").ToString();
    }
}
