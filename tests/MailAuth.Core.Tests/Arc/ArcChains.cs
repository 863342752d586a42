using System.Security.Cryptography;
using System.Text;
using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;
using Microsoft.Extensions.Time.Testing;

namespace MailAuth.Tests.Arc;

/// <summary>Builds real ARC chains for tests: keys published in an in-memory zone, sets added with <see cref="ArcSealer"/>.</summary>
internal sealed class ArcChains : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<RSAParameters> SharedRsa = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportParameters(true);
    });

    public ArcChains()
    {
        Clock = new FakeTimeProvider(Now);
        Zone = new ZoneFileResolver();
        var rsa = RSA.Create();
        rsa.ImportParameters(SharedRsa.Value);
        Rsa = DkimSigningKey.FromRsa(rsa);
        Ed = DkimSigningKey.FromEd25519Seed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        foreach (string domain in new[] { "list.example.org", "fwd.example.net", "relay.example.com" })
        {
            Zone.AddTxt("rsa._domainkey." + domain, Split(Rsa.GetDnsRecord()));
            Zone.AddTxt("ed._domainkey." + domain, Ed.GetDnsRecord());
        }
    }

    public FakeTimeProvider Clock { get; }

    public ZoneFileResolver Zone { get; }

    public DkimSigningKey Rsa { get; }

    public DkimSigningKey Ed { get; }

    public static string Base(string body = "Hello,\r\n\r\nthis went through a list.\r\n") =>
        "From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: hello\r\nDate: Mon, 30 Nov 2026 12:00:00 +0000\r\n" +
        "Message-ID: <arc-1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n" + body;

    public ArcChainValidator Validator(ArcChainValidatorOptions? options = null) =>
        new(Zone, options is null ? new ArcChainValidatorOptions { TimeProvider = Clock } : options);

    /// <summary>Validates <paramref name="message"/> and adds one set sealed by <paramref name="domain"/>.</summary>
    /// <param name="modify">A change the hop makes after validating on arrival and before sealing (§5.1 step 1), or <see langword="null"/>.</param>
    public async Task<(string Message, ArcSealResult Seal)> SealAsync(string message, string domain, bool ed25519 = false, string authServId = "mx", Func<string, string>? modify = null, AuthResultsHeader? results = null)
    {
        ArcResult chain;
        using (var arriving = MessageReader.Default.Read(Encoding.UTF8.GetBytes(message)).Message!)
        {
            chain = await Validator().ValidateAsync(arriving);
        }

        message = modify is null ? message : modify(message);
        using var raw = MessageReader.Default.Read(Encoding.UTF8.GetBytes(message)).Message!;
        results ??= new AuthResultsHeader(authServId, [new AuthMethodResult("spf", "pass", [new AuthResultProperty("smtp", "mailfrom", "alice@example.com")])]);
        var seal = new ArcSealer(new ArcSealerOptions { TimeProvider = Clock }).Seal(raw, chain, results, ed25519 ? Ed : Rsa, domain, ed25519 ? "ed" : "rsa");
        return (seal.ToHeaderBlock() + message, seal);
    }

    /// <summary>A chain of <paramref name="hops"/> sets over <see cref="Base"/>, sealers rotating over three domains and both algorithms.</summary>
    public async Task<string> ChainAsync(int hops, string? message = null)
    {
        string[] domains = ["list.example.org", "fwd.example.net", "relay.example.com"];
        message ??= Base();
        for (int i = 0; i < hops; i++)
        {
            (message, _) = await SealAsync(message, domains[i % 3], ed25519: i % 2 == 1);
        }

        return message;
    }

    public async Task<ArcResult> ValidateAsync(string message, ArcChainValidatorOptions? options = null) =>
        await Validator(options).ValidateAsync(Encoding.UTF8.GetBytes(message));

    public void Dispose()
    {
        Rsa.Dispose();
        Ed.Dispose();
    }

    // TXT character-strings hold at most 255 octets.
    private static string[] Split(string record) => record.Chunk(255).Select(c => new string(c)).ToArray();
}
