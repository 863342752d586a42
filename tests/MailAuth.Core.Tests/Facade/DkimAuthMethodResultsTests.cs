using System.Text;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using Xunit;

namespace MailAuth.Tests.Facade;

public sealed class DkimAuthMethodResultsTests
{
    [Fact]
    public async Task ToAuthMethodResult_Pass_CarriesEveryHeaderProperty()
    {
        var results = await new DkimMessageVerifier(FacadeFixture.Zone()).VerifyAsync(FacadeFixture.Signed());

        AuthMethodResult dkim = Assert.Single(results.ToAuthMethodResults());

        Assert.Equal("pass", dkim.Result);
        Assert.Null(dkim.Reason);
        Assert.Equal("2048-bit key", dkim.Comment);
        Assert.Equal(["d", "s", "a", "b"], dkim.Properties.Select(p => p.Name));
        Assert.Equal(results[0].SignaturePrefix, dkim.GetProperty("header", "b"));
    }

    [Fact]
    public async Task ToAuthMethodResult_Fail_HasTheReason()
    {
        string forged = Encoding.ASCII.GetString(FacadeFixture.Signed()).Replace("see you tomorrow", "see you never", StringComparison.Ordinal);
        var results = await new DkimMessageVerifier(FacadeFixture.Zone()).VerifyAsync(Encoding.ASCII.GetBytes(forged));

        AuthMethodResult dkim = Assert.Single(results.ToAuthMethodResults());

        Assert.Equal("fail", dkim.Result);
        Assert.Equal("body hash did not verify", dkim.Reason);
    }

    [Fact]
    public void ToAuthMethodResults_NoSignatures_IsDkimNone()
    {
        AuthMethodResult dkim = Assert.Single(Array.Empty<DkimResult>().ToAuthMethodResults());

        Assert.Equal("none", dkim.Result);
        Assert.Empty(dkim.Properties);
    }

    [Fact]
    public async Task ToAuthMethodResult_HostileIdentity_ControlCharactersBecomeSpaces()
    {
        // i= with an encoded control character (dkim-quoted-printable) must not break the header field.
        string message = FacadeFixture.Unsigned();
        string field = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sample; i=a=0Db@example.com; h=from; bh=AAAA; b=AAAA\r\n";
        var results = await new DkimMessageVerifier(FacadeFixture.Zone()).VerifyAsync(Encoding.ASCII.GetBytes(field + message));

        AuthMethodResult dkim = Assert.Single(results.ToAuthMethodResults());
        string formatted = AuthResultsFormatter.Format(new AuthResultsHeader("mx.example.net", [dkim]));

        Assert.DoesNotContain('\r', formatted.Replace("\r\n\t", string.Empty, StringComparison.Ordinal));
    }
}
