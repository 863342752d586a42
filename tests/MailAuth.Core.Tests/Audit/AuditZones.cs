using System.Net;
using System.Security.Cryptography;
using MailAuth.Audit;
using MailAuth.Dns;
using MailAuth.Keys;

namespace MailAuth.Tests.Audit;

/// <summary>Zones and profiles for the audit tests: an all-green base that each test changes where it needs to.</summary>
internal static class AuditZones
{
    public const string Domain = "example.test";

    private static readonly Lazy<string> Rsa2048 = new(() => RsaKey(2048));
    private static readonly Lazy<string> Rsa1024 = new(() => RsaKey(1024));
    private static readonly Lazy<string> Rsa512 = new(() => RsaKey(512));
    private static readonly Lazy<string> Ed25519 = new(() => DkimKeyGenerator.Generate(DkimKeyType.Ed25519).PublicKeyBase64);

    /// <summary>Sends from 192.0.2.10 with MAIL FROM and d= example.test, selectors s1 (RSA-2048) and s2 (Ed25519).</summary>
    public static AuditSendingProfile Profile(string? envelope = null, string? dkimDomain = null, string[]? selectors = null, string ip = "192.0.2.10", string? next = null) => new()
    {
        Addresses = [IPAddress.Parse(ip)],
        EnvelopeDomain = envelope,
        DkimDomain = dkimDomain,
        Selectors = selectors ?? ["s1", "s2"],
        NextSelector = next,
    };

    /// <summary>The green base; <paramref name="records"/> (zone lines under $ORIGIN example.test.) replace base lines with the same owner and first word.</summary>
    public static string Base => """
        @ TXT "v=spf1 ip4:192.0.2.0/24 -all"
        _dmarc TXT "v=DMARC1; p=reject; np=reject; rua=mailto:dmarc@example.test"
        s1._domainkey TXT {RSA2048}
        s2._domainkey TXT {ED25519}
        """;

    public static ZoneFileResolver Resolver(string records, bool withBase = true, string? extraZone = null)
    {
        var zone = new ZoneFileResolver();
        string text = "$ORIGIN example.test.\n$TTL 3600\n@ SOA ns hostmaster 1 3600 900 604800 300\n" + Merge(withBase ? Base : string.Empty, records);
        zone.LoadZone(Keys(text), "example.test.");
        if (extraZone is not null)
        {
            zone.LoadZone(Keys("$TTL 3600\n" + extraZone), "test.");
        }

        return zone;
    }

    public static async Task<AuditResult> AuditAsync(string records, AuditSendingProfile? profile, bool withBase = true, string? extraZone = null, DomainAuditorOptions? options = null)
        => await new DomainAuditor(Resolver(records, withBase, extraZone), options).AuditAsync(Domain, profile);

    public static string Keys(string text) => text
        .Replace("{RSA2048}", Quoted("v=DKIM1; k=rsa; p=" + Rsa2048.Value), StringComparison.Ordinal)
        .Replace("{RSA1024}", Quoted("v=DKIM1; k=rsa; p=" + Rsa1024.Value), StringComparison.Ordinal)
        .Replace("{RSA512}", Quoted("v=DKIM1; k=rsa; p=" + Rsa512.Value), StringComparison.Ordinal)
        .Replace("{ED25519}", Quoted("v=DKIM1; k=ed25519; p=" + Ed25519.Value), StringComparison.Ordinal)
        .Replace("{P2048}", Rsa2048.Value[..200] + "\" \"" + Rsa2048.Value[200..], StringComparison.Ordinal);

    private static string Quoted(string record) => string.Join(' ', DkimKeyGenerator.SplitTxt(record).Select(s => "\"" + s + "\""));

    private static string Merge(string baseLines, string records)
    {
        static string Key(string line)
        {
            string[] words = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            return words.Length >= 2 ? words[0] + " " + words[1] : line.Trim();
        }

        string[] overrides = records.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keys = overrides.Select(Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        IEnumerable<string> kept = baseLines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !keys.Contains(Key(l)));
        return string.Join('\n', kept.Concat(overrides.Where(l => !l.EndsWith(" DELETE", StringComparison.Ordinal)))) + "\n";
    }

    private static string RsaKey(int bits)
    {
        using var rsa = RSA.Create(bits);
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }
}
