using System.Security.Cryptography;
using MailAuth.Dkim;
using MailAuth.Keys;
using MailAuth.Tests.Dkim;
using Xunit;

namespace MailAuth.Tests.Keys;

public sealed class DkimKeyTests
{
    [Fact]
    public void FromPem_Pkcs1Rsa_Loads()
    {
        using var key = DkimSigningKey.FromPem(File.ReadAllText(DkimTestData.PathOf("rsa-1024-private.pem")));

        Assert.Equal(DkimKeyType.Rsa, key.KeyType);
        Assert.Equal(DkimAlgorithm.RsaSha256, key.Algorithm);
    }

    [Fact]
    public void ExportPrivateKeyPem_RsaAndEd25519_RoundTripThroughPkcs8()
    {
        using var ed = DkimTestData.Rfc8463Ed25519Key();
        string rsaPem = DkimFixture.Rsa.ExportPrivateKeyPem();
        string edPem = ed.ExportPrivateKeyPem();

        using var rsa2 = DkimSigningKey.FromPem(rsaPem);
        using var ed2 = DkimSigningKey.FromPem(edPem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", rsaPem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", edPem, StringComparison.Ordinal);
        Assert.Equal(DkimFixture.Rsa.GetPublicKeyBase64(), rsa2.GetPublicKeyBase64());
        Assert.Equal(ed.GetPublicKeyBase64(), ed2.GetPublicKeyBase64());
        Assert.Equal(DkimKeyType.Ed25519, ed2.KeyType);
    }

    [Fact]
    public void FromPem_OpenSslStyleEd25519Pkcs8_Loads()
    {
        // RFC 8410 §10.3 example private key.
        const string Pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";

        using var key = DkimSigningKey.FromPem(Pem);

        Assert.Equal(DkimKeyType.Ed25519, key.KeyType);
        Assert.Equal("Gb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=", key.GetPublicKeyBase64());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not pem")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----")]
    public void TryFromPem_Bad_FalseWithReason(string pem)
    {
        Assert.False(DkimSigningKey.TryFromPem(pem, out var key, out var error));
        Assert.Null(key);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void FromRsa_512Bits_Rejected()
    {
        using var rsa = RSA.Create(512);
        Assert.Throws<ArgumentException>(() => DkimSigningKey.FromRsa(rsa));
    }

    [Fact]
    public void Generate_Ed25519_RecordAndPemMatch()
    {
        var generated = DkimKeyGenerator.Generate(DkimKeyType.Ed25519);
        using var key = DkimSigningKey.FromPem(generated.PrivateKeyPem);

        Assert.Equal($"v=DKIM1; k=ed25519; p={key.GetPublicKeyBase64()}", generated.DnsRecord);
        Assert.Equal(256, generated.KeySize);
        Assert.True(DkimPublicKey.TryParse(generated.DnsRecord, out var parsed, out _));
        Assert.Equal(DkimKeyType.Ed25519, parsed!.KeyType);
    }

    [Fact]
    public async Task Generate_Rsa2048_ZoneRecordSplitInto255ByteStrings()
    {
        var generated = DkimKeyGenerator.Generate(DkimKeyType.Rsa, 2048);

        string zone = generated.ToZoneFileRecord("sel2026", "example.com", TimeSpan.FromHours(1));

        Assert.StartsWith("v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", generated.DnsRecord, StringComparison.Ordinal);
        Assert.Equal(2, generated.DnsRecordStrings.Count);
        Assert.All(generated.DnsRecordStrings, s => Assert.True(s.Length <= 255));
        Assert.Equal(generated.DnsRecord, string.Concat(generated.DnsRecordStrings));
        Assert.StartsWith("sel2026._domainkey.example.com. 3600 IN TXT ( \"v=DKIM1; k=rsa; p=", zone, StringComparison.Ordinal);
        var resolver = new MailAuth.Dns.ZoneFileResolver();
        resolver.LoadZone(zone);
        var answer = await resolver.QueryTxtAsync("sel2026._domainkey.example.com");
        Assert.Equal(generated.DnsRecord, answer.Records[0].Text);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(1000)]
    [InlineData(16384)]
    public void Generate_BadRsaSize_Throws(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DkimKeyGenerator.Generate(DkimKeyType.Rsa, bits));
    }

    [Fact]
    public void SplitTxt_Empty_OneEmptyString()
    {
        Assert.Equal([string.Empty], DkimKeyGenerator.SplitTxt(string.Empty));
    }

    [Fact]
    public void Dispose_ThenUse_Throws()
    {
        var key = DkimKeyGenerator.GenerateSigningKey(DkimKeyType.Ed25519);
        key.Dispose();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.GetPublicKeyBase64());
    }

    [Fact]
    public async Task InMemoryKeyStore_AddGetActiveRemove()
    {
        using var store = new InMemoryKeyStore();
        store.Add("Example.com.", "new", DkimKeyGenerator.GenerateSigningKey(DkimKeyType.Ed25519));
        store.Add("example.com", "old", DkimKeyGenerator.GenerateSigningKey(DkimKeyType.Ed25519), active: false);

        Assert.NotNull(await store.GetSigningKeyAsync("example.com", "old"));
        Assert.NotNull(await store.GetSigningKeyAsync("EXAMPLE.COM", "NEW"));
        Assert.Null(await store.GetSigningKeyAsync("example.com", "none"));
        Assert.Equal(["new"], (await store.GetActiveKeysAsync("example.com")).Select(k => k.Selector));
        Assert.True(store.Remove("example.com", "old"));
        Assert.False(store.Remove("example.com", "old"));
    }

    [Fact]
    public async Task PemDirectoryKeyStore_LayoutAndActiveFile()
    {
        string root = Directory.CreateTempSubdirectory("mailauth-keys-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "example.com"));
            File.WriteAllText(Path.Combine(root, "example.com", "rsa2026.pem"), File.ReadAllText(DkimTestData.PathOf("rsa-1024-private.pem")));
            File.WriteAllText(Path.Combine(root, "example.com", "ed2026.pem"), DkimKeyGenerator.Generate(DkimKeyType.Ed25519).PrivateKeyPem);
            File.WriteAllText(Path.Combine(root, "example.com", "broken.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
            using var store = new PemDirectoryKeyStore(root);

            var rsa = await store.GetSigningKeyAsync("example.com", "rsa2026");
            Assert.Equal(DkimKeyType.Rsa, rsa!.KeyType);
            Assert.Same(rsa, await store.GetSigningKeyAsync("EXAMPLE.com", "rsa2026"));
            Assert.Null(await store.GetSigningKeyAsync("example.com", "absent"));
            Assert.Null(await store.GetSigningKeyAsync("other.org", "rsa2026"));
            Assert.Null(await store.GetSigningKeyAsync("example.com", "broken"));
            Assert.Throws<ArgumentException>(() => store.GetKeyPath("../etc", "passwd"));
            Assert.Throws<ArgumentException>(() => store.GetKeyPath("example.com", "a/b"));

            File.WriteAllText(Path.Combine(root, "example.com", "active"), "# rotation: new keys first\ned2026\nrsa2026 # retiring\n");
            var active = await store.GetActiveKeysAsync("example.com");
            Assert.Equal(["ed2026", "rsa2026"], active.Select(k => k.Selector));
            Assert.Empty(await store.GetActiveKeysAsync("other.org"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
