using System.Globalization;
using System.Net;
using System.Text;
using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;
using Microsoft.Extensions.Time.Testing;

namespace MailAuth.Tests.Facade;

/// <summary>
/// Builds the files under <c>samples/</c> from the test-only key in <c>samples/keys/</c>: the signed message, the forged
/// variant, a 20 KB message for the benchmarks and the zone. Signing is deterministic (fixed clock, RSA PKCS#1 v1.5),
/// so <see cref="SamplesTests"/> can check the committed files are exactly what this code produces.
/// Regenerate with <c>MAILAUTH_REGENERATE_SAMPLES=1 dotnet test --filter SamplesTests</c>.
/// </summary>
internal static class SampleFiles
{
    public const string Domain = "example.com";
    public const string Selector = "sample";
    public const string Helo = "mail.example.com";
    public const string MailFrom = "alice@example.com";
    public const string KeyFile = "keys/sample._domainkey.example.com.pem";

    public static readonly IPAddress GoodIp = IPAddress.Parse("192.0.2.25");
    public static readonly IPAddress ForgedIp = IPAddress.Parse("203.0.113.66");

    // The signing time written as t= (the messages' Date plus five seconds).
    private static readonly DateTimeOffset SignedAt = new(2026, 1, 15, 10, 30, 5, TimeSpan.Zero);

    public static string SamplesDirectory { get; } = FindSamplesDirectory();

    public static string PathOf(string name) => Path.Combine(SamplesDirectory, name);

    /// <summary>Every generated file: name relative to <c>samples/</c> → bytes.</summary>
    public static IReadOnlyDictionary<string, byte[]> Generate()
    {
        using DkimSigningKey key = DkimSigningKey.FromPem(File.ReadAllText(PathOf(KeyFile)));
        byte[] message = Sign(key, Message());
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["message.eml"] = message,
            ["forged.eml"] = Forge(message),
            ["message-20k.eml"] = Sign(key, LargeMessage()),
            ["example.zone"] = Encoding.ASCII.GetBytes(Zone(key)),
        };
    }

    private static byte[] Sign(DkimSigningKey key, string text)
    {
        byte[] unsigned = Encoding.UTF8.GetBytes(text);
        using RawMessage raw = MessageReader.Default.Read(unsigned).Message!;
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = new FakeTimeProvider(SignedAt) });
        string field = signer.Sign(raw, key, Domain, Selector);
        return [.. Encoding.ASCII.GetBytes(Received + field + "\r\n"), .. unsigned];
    }

    // The receiving MTA's trace field, above the signature as it would be on arrival.
    private const string Received =
        "Received: from mail.example.com (mail.example.com [192.0.2.25])\r\n"
        + "\tby mx.example.net with ESMTPS id 4dXq1B2c3dz9sWc\r\n"
        + "\tfor <bob@example.net>; Thu, 15 Jan 2026 10:30:06 +0000\r\n";

    // The attacker keeps the signature but changes who the message claims to be from and the payment details.
    private static byte[] Forge(byte[] signed)
    {
        string text = Encoding.UTF8.GetString(signed)
            .Replace("From: Alice Example <alice@example.com>", "From: Alice Example <ceo@example.com>", StringComparison.Ordinal)
            .Replace("IBAN DE02 1203 0000 0000 2020 51", "IBAN GB33 BUKB 2020 1555 5555 55", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    private static string Headers(string subject, string messageId) => string.Join("\r\n",
        "From: Alice Example <alice@example.com>",
        "To: Bob Recipient <bob@example.net>",
        "Subject: " + subject,
        "Date: Thu, 15 Jan 2026 10:30:00 +0000",
        "Message-ID: <" + messageId + "@mail.example.com>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 7bit",
        string.Empty,
        string.Empty);

    private static string Message() => Headers("Invoice 2026-0042 and payment details", "20260115103000.4711") + string.Join("\r\n",
        "Hi Bob,",
        string.Empty,
        "please find the figures for invoice 2026-0042 below. The amount is due by the",
        "end of the month; our bank details have not changed:",
        string.Empty,
        "    Example Ltd, IBAN DE02 1203 0000 0000 2020 51",
        "    Amount: EUR 1,250.00",
        string.Empty,
        "Let me know if anything is unclear.",
        string.Empty,
        "Best regards,",
        "Alice",
        "-- ",
        "Alice Example, Accounts, example.com",
        string.Empty);

    // About 20 KB of plain text in 72-column lines: the benchmark message.
    private static string LargeMessage()
    {
        var body = new StringBuilder();
        body.Append("Hi Bob,\r\n\r\nhere is the full minutes of the planning meeting.\r\n\r\n");
        int paragraph = 0;
        while (body.Length < 20 * 1024 - 200)
        {
            paragraph++;
            body.Append(CultureInfo.InvariantCulture, $"{paragraph}. Item {paragraph}: the team reviewed the schedule, the budget and the open\r\n");
            body.Append("risks. Delivery of the mail gateway stays planned for the second quarter;\r\n");
            body.Append("DNS records for SPF, DKIM and DMARC are published and monitored daily.\r\n");
            body.Append("Action: Alice sends the updated plan, Bob confirms the test window.\r\n\r\n");
        }

        body.Append("Best regards,\r\nAlice\r\n");
        return Headers("Minutes of the planning meeting", "20260115103000.4712") + body;
    }

    private static string Zone(DkimSigningKey key)
    {
        var zone = new StringBuilder();
        zone.Append("; DNS for the bundled samples (samples/README.md). Generated by tests/MailAuth.Core.Tests/Facade/SampleFiles.cs.\n");
        zone.Append("; The DKIM key below belongs to the TEST-ONLY private key in samples/keys/ -- never use it for real mail.\n");
        zone.Append("$ORIGIN example.com.\n$TTL 3600\n");
        zone.Append("@                 IN SOA  ns1.example.com. hostmaster.example.com. 2026011501 7200 3600 1209600 300\n");
        zone.Append("@                 IN NS   ns1.example.com.\n");
        zone.Append("@                 IN MX   10 mail.example.com.\n");
        zone.Append("@                 IN A    192.0.2.10\n");
        zone.Append("ns1               IN A    192.0.2.53\n");
        zone.Append("mail              IN A    192.0.2.25\n");
        zone.Append("; SPF: the MAIL FROM domain allows 192.0.2.0/24 only; the HELO name allows its own address.\n");
        zone.Append("@                 IN TXT  \"v=spf1 ip4:192.0.2.0/24 -all\"\n");
        zone.Append("mail              IN TXT  \"v=spf1 a -all\"\n");
        zone.Append("; DKIM public key, selector 'sample' (RFC 6376 section 3.6.2), split into 255-octet strings.\n");
        zone.Append("sample._domainkey IN TXT  (");
        foreach (string part in DkimKeyGenerator.SplitTxt(key.GetDnsRecord()))
        {
            zone.Append("\n    \"").Append(part).Append('"');
        }

        zone.Append(" )\n");
        zone.Append("; DMARC: reject what fails (RFC 7489 section 6.3, RFC 9989 section 4.7).\n");
        zone.Append("_dmarc            IN TXT  \"v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:dmarc-reports@example.com\"\n");
        return zone.ToString();
    }

    private static string FindSamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MailAuth.Core.sln")))
            {
                return Path.Combine(dir.FullName, "samples");
            }
        }

        throw new InvalidOperationException("samples/ not found above " + AppContext.BaseDirectory);
    }
}
