using System.Security.Cryptography;
using System.Text;
using MailAuth.DomainKeys;
using MailAuth.Tests.DomainKeys;
using Xunit;

namespace MailAuth.Tests.Facade;

/// <summary>The historic DomainKeys and ADSP checks in the facade: off by default, opt-in, reported in Authentication-Results.</summary>
public sealed class LegacyFacadeTests
{
    private static readonly RSA Key = RSA.Create(1024);

    private static byte[] DomainKeysSigned(byte[] message) =>
        DomainKeysTestSigner.Sign(message, Key, SampleFiles.Domain, "dk2005", DomainKeysCanonicalization.NoFws);

    private static MailAuth.Dns.ZoneFileResolver Zone()
    {
        var zone = FacadeFixture.Zone();
        zone.AddTxt("dk2005._domainkey." + SampleFiles.Domain, DomainKeysTestSigner.Record(Key));
        return zone;
    }

    [Fact]
    public async Task AuthenticateAsync_Default_NoDomainKeysNorAdsp()
    {
        var zone = Zone();
        var outcome = await new MessageAuthenticator(zone).AuthenticateAsync(DomainKeysSigned(FacadeFixture.Signed()), FacadeFixture.GoodContext);

        Assert.Null(outcome.DomainKeys);
        Assert.Null(outcome.Adsp);
        string header = outcome.ToAuthenticationResults();
        Assert.DoesNotContain("domainkeys", header, StringComparison.Ordinal);
        Assert.DoesNotContain("dkim-adsp", header, StringComparison.Ordinal);
        Assert.Equal(0, zone.GetQueryCount("dk2005._domainkey." + SampleFiles.Domain, MailAuth.Dns.DnsRecordType.Txt));
    }

    [Fact]
    public async Task AuthenticateAsync_Enabled_ReportsDomainKeysAndAdsp()
    {
        var authenticator = new MessageAuthenticator(Zone(), new MessageAuthenticatorOptions { EnableDomainKeys = true, EnableAdsp = true, AuthServId = "mx.example.net" });

        var outcome = await authenticator.AuthenticateAsync(DomainKeysSigned(FacadeFixture.Signed()), FacadeFixture.GoodContext);

        var dk = Assert.Single(outcome.DomainKeys!);
        Assert.Equal(DomainKeysStatus.Pass, dk.Status);
        var adsp = Assert.Single(outcome.Adsp!);
        Assert.Equal(AdspStatus.Pass, adsp.Status);
        string header = outcome.ToAuthenticationResults();
        Assert.Contains("domainkeys=pass (1024-bit key) header.d=example.com header.from=alice@example.com", header.Replace("\r\n\t", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("dkim-adsp=pass header.from=alice@example.com", header.Replace("\r\n\t", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_EnabledUnsigned_DomainKeysNoneAndAdspPractice()
    {
        var zone = Zone();
        zone.AddTxt("_adsp._domainkey." + SampleFiles.Domain, "dkim=discardable");
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { EnableDomainKeys = true, EnableAdsp = true });

        var outcome = await authenticator.AuthenticateAsync(Encoding.ASCII.GetBytes(FacadeFixture.Unsigned()), FacadeFixture.GoodContext);

        Assert.Empty(outcome.DomainKeys!);
        Assert.Equal(AdspStatus.Discard, Assert.Single(outcome.Adsp!).Status);
        string header = outcome.ToAuthenticationResults().Replace("\r\n\t", " ", StringComparison.Ordinal);
        Assert.Contains("domainkeys=none", header, StringComparison.Ordinal);
        Assert.Contains("dkim-adsp=discard header.from=alice@example.com", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_EnableDomainKeys_DoesNotRelaxDkimSha1()
    {
        var authenticator = new MessageAuthenticator(Zone(), new MessageAuthenticatorOptions { EnableDomainKeys = true });

        Assert.False(authenticator is null);
        var outcome = await authenticator.AuthenticateAsync(DomainKeysSigned(FacadeFixture.Signed()), FacadeFixture.GoodContext);

        Assert.Equal(DomainKeysStatus.Pass, Assert.Single(outcome.DomainKeys!).Status);
        Assert.Equal(MailAuth.Dkim.DkimStatus.Pass, Assert.Single(outcome.Dkim).Status);
        Assert.False(new MailAuth.Dkim.DkimMessageVerifierOptions().AllowRsaSha1);
    }

    [Fact]
    public async Task AuthenticateAsync_UnreadableMessage_LegacyChecksArePermError()
    {
        var authenticator = new MessageAuthenticator(Zone(), new MessageAuthenticatorOptions { EnableDomainKeys = true, EnableAdsp = true });

        var outcome = await authenticator.AuthenticateAsync(Encoding.ASCII.GetBytes("no colon\r\n\r\nbody\r\n"), FacadeFixture.GoodContext);

        Assert.Equal(DomainKeysStatus.PermError, Assert.Single(outcome.DomainKeys!).Status);
        Assert.Equal(AdspStatus.PermError, Assert.Single(outcome.Adsp!).Status);
    }

    [Fact]
    public void Constructor_BadLegacyOption_NamesItWithPath()
    {
        var zone = Zone();
        Assert.Equal("DomainKeys.MaxSignatures", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { DomainKeys = new DomainKeysVerifierOptions { MaxSignatures = 0 } })).ParamName);
        Assert.Equal("Adsp.MaxAuthorDomains", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Adsp = new AdspOptions { MaxAuthorDomains = 0 } })).ParamName);
    }

    [Fact]
    public void ToAuthMethodResult_HostileReason_HasNoControlCharacters()
    {
        var result = new DomainKeysResult(0, DomainKeysProblem.MalformedSignature, "bad\r\nX-Injected: yes") { Domain = "example.com" };

        var method = result.ToAuthMethodResult();

        Assert.Equal("neutral", method.Result);
        Assert.DoesNotContain('\n', method.ToString());
        Assert.DoesNotContain('\r', method.ToString());
    }
}
