using System.Text;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;
using Microsoft.Extensions.Time.Testing;

namespace MailAuth.Tests.Dkim;

/// <summary>Keys, a zone publishing them, and helpers to sign and verify message text.</summary>
internal static class DkimFixture
{
    public const string Domain = "example.com";
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public const string Message =
        "From: Alice <alice@example.com>\r\n" +
        "To: Bob <bob@example.net>\r\n" +
        "Subject: Quarterly report\r\n" +
        "Date: Thu, 15 Jan 2026 12:00:00 +0000\r\n" +
        "Message-ID: <1@example.com>\r\n" +
        "\r\n" +
        "Hello Bob,\r\n" +
        "\r\n" +
        "the numbers  are attached.\r\n";

    // One 2048-bit RSA key for the whole test run: generation is the slow part.
    public static readonly DkimSigningKey Rsa = DkimKeyGenerator.GenerateSigningKey(DkimKeyType.Rsa, 2048);

    public static readonly DkimSigningKey Ed25519 = DkimSigningKey.FromEd25519Seed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static FakeTimeProvider Clock() => new(Now);

    public static ZoneFileResolver Zone()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("rsa._domainkey." + Domain, DkimKeyGenerator.SplitTxt(Rsa.GetDnsRecord()).ToArray());
        zone.AddTxt("ed._domainkey." + Domain, Ed25519.GetDnsRecord());
        return zone;
    }

    public static string Sign(string message, DkimMessageSignerOptions? options = null, params DkimSigningRequest[] requests)
    {
        if (requests.Length == 0)
        {
            requests = [new DkimSigningRequest(Rsa, Domain, "rsa")];
        }

        var signer = new DkimMessageSigner((options ?? new DkimMessageSignerOptions()).Freeze(timeProvider: Clock()));
        var fields = signer.Sign(Encoding.UTF8.GetBytes(message), requests);
        return string.Concat(fields.Select(f => f + "\r\n")) + message;
    }

    public static async Task<IReadOnlyList<DkimResult>> VerifyAsync(string message, IDnsResolver? resolver = null, DkimMessageVerifierOptions? options = null, TimeProvider? clock = null)
    {
        var verifier = new DkimMessageVerifier(resolver ?? Zone(), (options ?? new DkimMessageVerifierOptions()).Freeze(timeProvider: clock ?? Clock()));
        return await verifier.VerifyAsync(Encoding.UTF8.GetBytes(message).AsMemory());
    }
}
