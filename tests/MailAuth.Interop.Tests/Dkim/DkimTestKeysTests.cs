using MailAuth.Dns;
using MailAuth.Keys;
using Xunit;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>The committed test keys, the key table the peers read and the zone file the DNS server serves agree.</summary>
public sealed class DkimTestKeysTests
{
    public static TheoryData<string> Algorithms() => new(DkimInteropMatrix.Algorithms);

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task KeyTable_Record_EqualsZoneFileTxt(string algorithm)
    {
        var name = DkimTestKeys.Selector(algorithm) + "._domainkey." + DkimTestKeys.Domain;
        var resolver = ZoneFileResolver.FromFile(DkimTestKeys.ZoneFilePath);

        var response = await resolver.QueryTxtAsync(name);

        Assert.Equal(DnsStatus.NoError, response.Status);
        var record = Assert.Single(response.Records);
        Assert.Equal(DkimTestKeys.KeyTable[name], record.Text);
        Assert.All(record.Strings, s => Assert.True(s.Length <= 255, "a TXT character-string is at most 255 octets"));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void KeyTable_Record_MatchesPrivateKeyPem(string algorithm)
    {
        using var key = DkimSigningKey.FromPem(File.ReadAllText(DkimTestKeys.PemPath(algorithm)));

        Assert.Equal(DkimTestKeys.KeyTable[DkimTestKeys.Selector(algorithm) + "._domainkey." + DkimTestKeys.Domain], key.GetDnsRecord());
    }

    [Fact]
    public void Ed25519Seed_IsTheSameKeyAsThePem()
    {
        using var fromSeed = DkimSigningKey.FromEd25519Seed(Convert.FromBase64String(File.ReadAllText(DkimTestKeys.Ed25519SeedPath).Trim()));
        using var fromPem = DkimSigningKey.FromPem(File.ReadAllText(DkimTestKeys.PemPath(DkimTestKeys.Ed25519Sha256)));

        Assert.Equal(fromPem.GetPublicKeyBase64(), fromSeed.GetPublicKeyBase64());
    }
}
