using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Facade;

/// <summary>The files under <c>samples/</c> are what <see cref="SampleFiles"/> generates and give the documented results.</summary>
public sealed class SamplesTests
{
    [Fact]
    public void Samples_AreUpToDate_WithTheGenerator()
    {
        bool regenerate = Environment.GetEnvironmentVariable("MAILAUTH_REGENERATE_SAMPLES") == "1";
        foreach (var (name, content) in SampleFiles.Generate())
        {
            string path = SampleFiles.PathOf(name);
            if (regenerate)
            {
                File.WriteAllBytes(path, content);
            }

            Assert.True(File.Exists(path), $"{path} is missing; run MAILAUTH_REGENERATE_SAMPLES=1 dotnet test --filter SamplesTests");
            Assert.True(content.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{name} differs from what SampleFiles generates");
        }
    }

    [Fact]
    public void PrivateKey_IsMarkedTestOnly()
    {
        string readme = File.ReadAllText(SampleFiles.PathOf("keys/README.md"));
        Assert.Contains("TEST ONLY", readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("message.eml")]
    [InlineData("message-20k.eml")]
    public async Task Message_FromAllowedIp_PassesEverything(string name)
    {
        var authenticator = new MessageAuthenticator(ZoneFileResolver.FromFile(SampleFiles.PathOf("example.zone")));

        var report = await authenticator.AuthenticateAsync(File.ReadAllBytes(SampleFiles.PathOf(name)), FacadeFixture.GoodContext);

        Assert.Equal(SpfStatus.Pass, report.Spf.Status);
        Assert.Equal(SpfStatus.Pass, report.SpfHelo!.Status);
        Assert.Equal(DkimStatus.Pass, Assert.Single(report.Dkim).Status);
        Assert.Equal(DmarcStatus.Pass, report.Dmarc.Status);
        Assert.Equal(DmarcPolicy.None, report.Disposition);
    }

    [Fact]
    public async Task Forged_FromOtherIp_FailsDmarcWithReject()
    {
        var authenticator = new MessageAuthenticator(ZoneFileResolver.FromFile(SampleFiles.PathOf("example.zone")));

        var report = await authenticator.AuthenticateAsync(
            File.ReadAllBytes(SampleFiles.PathOf("forged.eml")),
            new SmtpContext(SampleFiles.ForgedIp, SampleFiles.Helo, SampleFiles.MailFrom));

        Assert.Equal(SpfStatus.Fail, report.Spf.Status);
        Assert.Equal(DkimStatus.Fail, Assert.Single(report.Dkim).Status);
        Assert.Equal(DmarcStatus.Fail, report.Dmarc.Status);
        Assert.Equal(DmarcPolicy.Reject, report.Disposition);
        Assert.Contains("dmarc=fail", report.ToAuthenticationResults(), StringComparison.Ordinal);
    }
}
