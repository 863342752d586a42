using MailAuth.Dmarc;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dmarc;

/// <summary>RFC 7489 §7.1 external report destinations.</summary>
public sealed class DmarcReportAuthorizationTests
{
    private static ZoneFileResolver Zone()
    {
        var zone = new ZoneFileResolver();
        zone.LoadZone("""
            example.com._report._dmarc.thirdparty.example. TXT "v=DMARC1"
            example.org._report._dmarc.thirdparty.example. TXT "v=DMARC1; rua=mailto:other@thirdparty.example"
            example.net._report._dmarc.thirdparty.example. TXT "not dmarc"
            """, "test.");
        zone.SetFault("example.edu._report._dmarc.thirdparty.example", DnsStatus.ServerFailure);
        return zone;
    }

    [Theory]
    [InlineData("example.com", "mailto:agg@thirdparty.example", DmarcReportAuthorizationStatus.Authorized)]
    [InlineData("example.net", "mailto:agg@thirdparty.example", DmarcReportAuthorizationStatus.NotAuthorized)]
    [InlineData("example.info", "mailto:agg@thirdparty.example", DmarcReportAuthorizationStatus.NotAuthorized)]
    [InlineData("example.edu", "mailto:agg@thirdparty.example", DmarcReportAuthorizationStatus.TempError)]
    [InlineData("example.com", "mailto:agg@example.com", DmarcReportAuthorizationStatus.SameOrganization)]
    [InlineData("example.com", "mailto:agg@reports.example.com", DmarcReportAuthorizationStatus.SameOrganization)]
    [InlineData("mail.example.com", "mailto:agg@example.com", DmarcReportAuthorizationStatus.SameOrganization)]
    [InlineData("example.com", "https://thirdparty.example/dmarc", DmarcReportAuthorizationStatus.Authorized)]
    public async Task Verify_Destinations(string policyDomain, string uri, DmarcReportAuthorizationStatus expected)
    {
        Assert.True(DmarcReportUri.TryParse(uri, out var reportUri));
        var result = await new DmarcReportAuthorization(Zone()).VerifyAsync(policyDomain, reportUri!);
        Assert.Equal(expected, result.Status);
        Assert.Equal(expected is DmarcReportAuthorizationStatus.Authorized or DmarcReportAuthorizationStatus.SameOrganization, result.MaySend);
        if (expected is DmarcReportAuthorizationStatus.Authorized or DmarcReportAuthorizationStatus.NotAuthorized)
        {
            Assert.Equal($"{policyDomain}._report._dmarc.thirdparty.example", result.QueryName);
        }
    }

    [Fact]
    public async Task Verify_OverridingRecord_Returned()
    {
        var result = await new DmarcReportAuthorization(Zone()).VerifyAsync("example.org", "thirdparty.example");
        Assert.Equal(DmarcReportAuthorizationStatus.Authorized, result.Status);
        Assert.Equal("mailto:other@thirdparty.example", result.Record!.AggregateReportUris[0].ToString());
    }

    [Theory]
    [InlineData("example.com", null)]
    [InlineData("example.com", "")]
    [InlineData("bad..domain", "thirdparty.example")]
    public async Task Verify_InvalidInput_Invalid(string policyDomain, string? host)
    {
        var result = await new DmarcReportAuthorization(Zone()).VerifyAsync(policyDomain, host);
        Assert.Equal(DmarcReportAuthorizationStatus.Invalid, result.Status);
        Assert.False(result.MaySend);
    }

    [Fact]
    public async Task Verify_TreeWalkProvider_SameOrganization()
    {
        var zone = Zone();
        zone.AddTxt("_dmarc.corp.example", "v=DMARC1; p=none");
        var verifier = new DmarcReportAuthorization(zone, new TreeWalkOrganizationalDomainProvider(zone));
        var result = await verifier.VerifyAsync("mail.corp.example", "reports.corp.example");
        Assert.Equal(DmarcReportAuthorizationStatus.SameOrganization, result.Status);
    }
}
