using System.Security.Cryptography;
using MailAuth.Dns;
using MailAuth.Keys;
using MimeKit;
using MimeKit.Cryptography;
using MimeKitDkimSigner = MimeKit.Cryptography.DkimSigner;
using Org.BouncyCastle.Security;

namespace MailAuth.Benchmarks.Dkim;

/// <summary>Shared fixtures: one RSA-2048 key (as .NET RSA, BouncyCastle parameters and a DNS record) and MimeKit helpers.</summary>
internal sealed class DkimBenchmarkSetup : IDisposable
{
    public const string Domain = "bench.mailauth.test";
    public const string Selector = "rsa2048";
    public static readonly string[] SignedHeaders = ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"];

    public DkimBenchmarkSetup()
    {
        Rsa = RSA.Create(2048);
        KeyRecord = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(Rsa.ExportSubjectPublicKeyInfo());
        var pair = DotNetUtilities.GetRsaKeyPair(Rsa);
        MimeKitSigner = new MimeKitDkimSigner(pair.Private, Domain, Selector, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        var ours = RSA.Create();
        ours.ImportRSAPrivateKey(Rsa.ExportRSAPrivateKey(), out _);
        SigningKey = DkimSigningKey.FromRsa(ours);
        Resolver = new ZoneFileResolver();
        Resolver.AddTxt(KeyName, KeyRecord);
        Dos = FormatOptions.Default.Clone();
        Dos.NewLineFormat = NewLineFormat.Dos;
    }

    public RSA Rsa { get; }

    /// <summary>The TXT record text at <c>rsa2048._domainkey.bench.mailauth.test</c>.</summary>
    public string KeyRecord { get; }

    public string KeyName => Selector + "._domainkey." + Domain;

    public MimeKitDkimSigner MimeKitSigner { get; }

    /// <summary>Our signing key (the same RSA key), pre-parsed.</summary>
    public DkimSigningKey SigningKey { get; }

    /// <summary>In-memory DNS holding <see cref="KeyRecord"/>.</summary>
    public ZoneFileResolver Resolver { get; }

    public FormatOptions Dos { get; }

    public static MimeMessage Load(byte[] message)
    {
        using var stream = new MemoryStream(message, writable: false);
        return MimeMessage.Load(stream);
    }

    /// <summary>The message signed by MimeKit (relaxed/relaxed, rsa-sha256), as bytes.</summary>
    public byte[] SignWithMimeKit(byte[] message)
    {
        var mime = Load(message);
        MimeKitSigner.Sign(Dos, mime, SignedHeaders);
        using var output = new MemoryStream();
        mime.WriteTo(Dos, output);
        return output.ToArray();
    }

    public void Dispose()
    {
        SigningKey.Dispose();
        Rsa.Dispose();
    }
}
