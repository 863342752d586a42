using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;

namespace MailAuth.Audit;

/// <summary>The DKIM checks of the profile's selectors (RFC 6376 §3.6.1, RFC 8301, RFC 8463).</summary>
internal sealed partial class AuditRun
{
    /// <summary>The selectors whose key a verifier can use: the DMARC alignment check assumes their signatures pass.</summary>
    public List<string> UsableSelectors { get; } = [];

    private async ValueTask AuditDkimAsync()
    {
        bool rsa = false;
        bool ed25519 = false;
        foreach (string selector in Selectors)
        {
            DkimKeyType? type = await AuditKeyAsync(selector).ConfigureAwait(false);
            rsa |= type == DkimKeyType.Rsa;
            ed25519 |= type == DkimKeyType.Ed25519;
        }

        if (rsa && ed25519)
        {
            Add(AuditSeverity.Info, AuditCodes.DkimDualSigning, "RSA and Ed25519 keys are both published: signing with both (RFC 8463 §1) keeps mail verifiable by receivers that know only one of them");
        }
        else if (ed25519)
        {
            Add(AuditSeverity.Warning, AuditCodes.DkimEd25519Only, "only Ed25519 keys: receivers without RFC 8463 support see no valid signature; sign with an RSA-2048 key as well");
        }
    }

    /// <summary>Checks one selector's key; returns its type when the key is usable for email.</summary>
    private async ValueTask<DkimKeyType?> AuditKeyAsync(string selector)
    {
        string name = $"{selector}._domainkey.{DkimDomain}";
        DnsResponse<TxtRecord> txt = await Dns.QueryTxtAsync(name).ConfigureAwait(false);
        if (!txt.IsDefinitive)
        {
            return null; // DNS_QUERY_FAILED says it
        }

        if (txt.Records.Count == 0)
        {
            Add(AuditSeverity.Error, AuditCodes.DkimKeyMissing, $"no DKIM key at {name}: signatures with s={selector} fail; publish the public key there (guide 4.2.2)", name);
            return null;
        }

        if (txt.Records.Count > 1)
        {
            Add(AuditSeverity.Error, AuditCodes.DkimKeyMultiple, $"{txt.Records.Count} TXT records at {name}: verifiers may use either (RFC 6376 §3.6.2.2); keep one", name, txt.Records[0].Text);
            return null;
        }

        TxtRecord published = txt.Records[0];
        string text = published.Text;
        CheckStrings(published, name);
        CheckTtl(name, "DKIM key", txt.TimeToLive, text);
        if (!DkimPublicKey.TryParse(text, out DkimPublicKey? key, out DkimParseError error))
        {
            Add(AuditSeverity.Error, AuditCodes.DkimKeySyntax, $"the key record at {name} does not parse: {error}; verifiers return permerror (RFC 6376 §3.6.1)", name, text, error.Offset);
            return null;
        }

        if (key.IsRevoked)
        {
            Add(AuditSeverity.Error, AuditCodes.DkimKeyRevoked, $"the key at {name} is revoked (empty p=): signatures with s={selector} fail; sign with a published key", name, text, TagOffset(text, "p"));
            return null;
        }

        bool usable = true;
        if (!key.AllowsEmail)
        {
            Add(AuditSeverity.Error, AuditCodes.DkimNotEmail, $"the key at {name} has s= without 'email' or '*': verifiers may not use it for mail (RFC 6376 §3.6.1)", name, text, TagOffset(text, "s"));
            usable = false;
        }

        if (!key.AllowsHash("sha256"))
        {
            Add(AuditSeverity.Error, AuditCodes.DkimSha1Only, $"the key at {name} allows only h={string.Join(':', key.HashAlgorithms)}: verifiers reject rsa-sha1 (RFC 8301 §3.1), so no signature verifies; remove h= or add sha256", name, text, TagOffset(text, "h"));
            usable = false;
        }

        DkimProblem problem = key.CheckUsable(1, 1 << 16, out string? reason, out int bits);
        if (problem != DkimProblem.None)
        {
            Add(AuditSeverity.Error, AuditCodes.DkimKeySyntax, $"the key at {name} is unusable: {reason}", name, text, TagOffset(text, "p"));
            return null;
        }

        if (key.KeyType == DkimKeyType.Rsa && bits < 1024)
        {
            Add(AuditSeverity.Error, AuditCodes.DkimRsaTooSmall, $"the RSA key at {name} has {bits} bits: verifiers treat signatures with keys under 1024 bits as failed (RFC 8301 §3.2); publish a 2048-bit key", name, text, TagOffset(text, "p"));
            return null;
        }

        if (key.KeyType == DkimKeyType.Rsa && bits < 2048)
        {
            Add(AuditSeverity.Warning, AuditCodes.DkimRsaWeak, $"the RSA key at {name} has {bits} bits: accepted, but 2048 bits are recommended (RFC 8301 §3.2); rotate to a 2048-bit key", name, text, TagOffset(text, "p"));
        }
        else if (usable)
        {
            string kind = key.KeyType == DkimKeyType.Rsa ? $"RSA {bits}-bit" : "Ed25519";
            Add(AuditSeverity.Info, AuditCodes.DkimKeyOk, $"the {kind} key at {name} is usable", name);
        }

        if (key.IsTesting)
        {
            Add(AuditSeverity.Warning, AuditCodes.DkimTesting, $"the key at {name} has t=y: the domain says it is testing DKIM and receivers may ignore failures (RFC 6376 §3.6.1); remove the flag once signatures verify", name, text, TagOffset(text, "t"));
        }

        if (!usable)
        {
            return null;
        }

        UsableSelectors.Add(selector);
        return key.KeyType;
    }

    /// <summary>
    /// The offset of tag <paramref name="tag"/> in a tag=value list (RFC 6376 §3.2): the first name after the start or a ';'
    /// (white space allowed around it) that equals it, case-insensitively. One pass; -1 when absent.
    /// </summary>
    internal static int TagOffset(string text, string tag)
    {
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            int start = i;
            while (i < text.Length && text[i] != '=' && text[i] != ';')
            {
                i++;
            }

            if (i < text.Length && text[i] == '=' && text.AsSpan(start, i - start).TrimEnd().Equals(tag, StringComparison.OrdinalIgnoreCase))
            {
                return start;
            }

            while (i < text.Length && text[i] != ';')
            {
                i++;
            }

            i++;
        }

        return -1;
    }
}
