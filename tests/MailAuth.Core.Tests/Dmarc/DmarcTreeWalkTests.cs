using MailAuth.Dmarc;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dmarc;

/// <summary>RFC 9989 (draft-ietf-dmarc-dmarcbis-41) §4.10 and Appendix B.4 examples, with their zones.</summary>
public sealed class DmarcTreeWalkTests
{
    private static ZoneFileResolver Zone(string text)
    {
        var zone = new ZoneFileResolver();
        zone.LoadZone(text, "example.");
        return zone;
    }

    // B.4.1: _dmarc.example.com and _dmarc.signing.example.com have records, _dmarc.com has none.
    private const string B41Zone = """
        $ORIGIN com.
        _dmarc.example            TXT "v=DMARC1; p=reject"
        _dmarc.signing.example    TXT "v=DMARC1; p=none"
        """;

    [Fact]
    public async Task AppendixB41_SimpleOrganizationalAndPolicy()
    {
        var zone = Zone(B41Zone);
        var walker = new TreeWalkOrganizationalDomainProvider(zone);
        var author = await walker.GetOrganizationalDomainAsync("example.com");
        Assert.Equal("example.com", author.Domain);
        Assert.Equal(["example.com", "com"], author.Steps.Select(s => s.Domain));

        var dkim = await walker.GetOrganizationalDomainAsync("signing.example.com");
        Assert.Equal("example.com", dkim.Domain);
        Assert.Equal(["signing.example.com", "example.com", "com"], dkim.Steps.Select(s => s.Domain));

        var result = await new DmarcEvaluator(zone).EvaluateAsync("example.com",
            new DmarcSpfInput(DmarcAuthResult.Pass, "example.com"),
            [new DmarcDkimInput(DmarcAuthResult.Pass, "signing.example.com", "s1")]);
        Assert.Equal(DmarcStatus.Pass, result.Status);
        Assert.True(result.SpfAligned);
        Assert.True(result.DkimAligned);
        Assert.Equal("example.com", result.PolicyDomain);
        Assert.Equal("example.com", result.OrganizationalDomain);
    }

    [Fact]
    public async Task AppendixB42_DeepTreeWalk_SkipsToSevenLabels()
    {
        var zone = Zone(B41Zone);
        const string author = "a.b.c.d.e.f.g.h.i.j.k.example.com";
        var walk = await new TreeWalkOrganizationalDomainProvider(zone).GetOrganizationalDomainAsync(author);
        Assert.Equal(
            [author, "g.h.i.j.k.example.com", "h.i.j.k.example.com", "i.j.k.example.com", "j.k.example.com", "k.example.com", "example.com", "com"],
            walk.Steps.Select(s => s.Domain));
        Assert.Equal("example.com", walk.Domain);

        var result = await new DmarcEvaluator(zone).EvaluateAsync(author,
            new DmarcSpfInput(DmarcAuthResult.Fail, "example.com"),
            [new DmarcDkimInput(DmarcAuthResult.Pass, "signing.example.com")]);
        Assert.Equal(DmarcStatus.Pass, result.Status);
        Assert.Equal("example.com", result.PolicyDomain);
        Assert.Equal(DmarcPolicySource.Domain, result.PolicySource); // no sp: p applies to subdomains
        Assert.Equal(8, result.Discovery.Count);
    }

    [Fact]
    public async Task Section410_Example_EightQueriesAtMost()
    {
        var zone = Zone(B41Zone);
        const string author = "a.b.c.d.e.f.g.h.i.j.mail.example.com";
        var walk = await new TreeWalkOrganizationalDomainProvider(zone).GetOrganizationalDomainAsync(author);
        Assert.Equal(
            [author, "g.h.i.j.mail.example.com", "h.i.j.mail.example.com", "i.j.mail.example.com", "j.mail.example.com", "mail.example.com", "example.com", "com"],
            walk.Steps.Select(s => s.Domain));
        Assert.Equal(8, zone.QueryCount);
    }

    // B.4.3: _dmarc.bank.example has psd=y; _dmarc.giant.bank.example has a record without psd; nothing at _dmarc.example,
    // _dmarc.mega.bank.example or _dmarc.mail.mega.bank.example.
    private const string B43Zone = """
        _dmarc.bank          TXT "v=DMARC1; p=reject; psd=y"
        _dmarc.giant.bank    TXT "v=DMARC1; p=quarantine"
        """;

    [Fact]
    public async Task AppendixB43_PsdRecord_OrganizationalDomainIsOneBelow()
    {
        var zone = Zone(B43Zone);
        var walker = new TreeWalkOrganizationalDomainProvider(zone);

        var author = await walker.GetOrganizationalDomainAsync("giant.bank.example");
        Assert.Equal("giant.bank.example", author.Domain);
        Assert.Equal(["giant.bank.example", "bank.example"], author.Steps.Select(s => s.Domain)); // stops at psd=y

        var spf = await walker.GetOrganizationalDomainAsync("mail.giant.bank.example");
        Assert.Equal("giant.bank.example", spf.Domain);

        var dkim = await walker.GetOrganizationalDomainAsync("mail.mega.bank.example");
        Assert.Equal("mega.bank.example", dkim.Domain);
        Assert.Equal(["mail.mega.bank.example", "mega.bank.example", "bank.example"], dkim.Steps.Select(s => s.Domain));

        var result = await new DmarcEvaluator(zone).EvaluateAsync("giant.bank.example",
            new DmarcSpfInput(DmarcAuthResult.Pass, "mail.giant.bank.example"),
            [new DmarcDkimInput(DmarcAuthResult.Pass, "mail.mega.bank.example")]);
        Assert.Equal(DmarcStatus.Pass, result.Status);
        Assert.True(result.SpfAligned);
        Assert.False(result.DkimAligned);
        Assert.Equal("giant.bank.example", result.PolicyDomain);
        Assert.Equal(DmarcPolicy.Quarantine, result.Policy);
    }

    [Fact]
    public async Task AppendixB43_FailingMessage_UsesOrganizationalDomainPolicy()
    {
        var zone = Zone(B43Zone);
        var result = await new DmarcEvaluator(zone).EvaluateAsync("giant.bank.example",
            new DmarcSpfInput(DmarcAuthResult.Pass, "mail.mega.bank.example"), []);
        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.Equal(DmarcPolicy.Quarantine, result.Disposition);
    }

    [Fact]
    public async Task Psd_NoOrganizationalRecord_PsdPolicyAppliesAsSubdomainPolicy()
    {
        var zone = Zone("""
            _dmarc.bank TXT "v=DMARC1; p=reject; sp=quarantine; np=reject; psd=y"
            shop.bank   A   192.0.2.1
            """);
        var evaluator = new DmarcEvaluator(zone);
        var existing = await evaluator.EvaluateAsync("shop.bank.example", DmarcSpfInput.None, []);
        Assert.Equal(DmarcStatus.Fail, existing.Status);
        Assert.Equal("bank.example", existing.PolicyDomain);
        Assert.Equal("shop.bank.example", existing.OrganizationalDomain);
        Assert.Equal(DmarcPolicySource.Subdomain, existing.PolicySource);
        Assert.Equal(DmarcPolicy.Quarantine, existing.Disposition);

        var missing = await evaluator.EvaluateAsync("nowhere.bank.example", DmarcSpfInput.None, []);
        Assert.Equal(DmarcPolicySource.NonExistentSubdomain, missing.PolicySource);
        Assert.Equal(DmarcPolicy.Reject, missing.Disposition);
        Assert.False(missing.AuthorDomainExists);
    }

    [Fact]
    public async Task Section4102_Examples()
    {
        // Records at mail.example.com and example.com → example.com.
        var zone = Zone("""
            $ORIGIN com.
            _dmarc.mail.example TXT "v=DMARC1; p=none"
            _dmarc.example      TXT "v=DMARC1; p=none"
            """);
        Assert.Equal("example.com", (await new TreeWalkOrganizationalDomainProvider(zone).GetOrganizationalDomainAsync("a.mail.example.com")).Domain);

        // psd=n at mail.example.com → mail.example.com.
        zone = Zone("""
            $ORIGIN com.
            _dmarc.mail.example TXT "v=DMARC1; p=none; psd=n"
            _dmarc.example      TXT "v=DMARC1; p=none"
            """);
        var walk = await new TreeWalkOrganizationalDomainProvider(zone).GetOrganizationalDomainAsync("a.mail.example.com");
        Assert.Equal("mail.example.com", walk.Domain);
        Assert.Equal(2, walk.Steps.Count);

        // Only _dmarc.com with psd=y → example.com.
        zone = Zone("""
            $ORIGIN com.
            _dmarc TXT "v=DMARC1; p=none; psd=y"
            """);
        Assert.Equal("example.com", (await new TreeWalkOrganizationalDomainProvider(zone).GetOrganizationalDomainAsync("a.mail.example.com")).Domain);
    }

    [Fact]
    public async Task Walk_NoRecords_StartIsOrganizationalDomain()
    {
        var zone = new ZoneFileResolver();
        var walk = await new TreeWalkOrganizationalDomainProvider(zone).GetOrganizationalDomainAsync("a.b.example.net.");
        Assert.Equal("a.b.example.net", walk.Domain);
        Assert.Equal(4, walk.Steps.Count);
    }

    [Fact]
    public async Task Walk_MultipleRecords_AreDiscardedAndWalkContinues()
    {
        var zone = Zone("""
            $ORIGIN com.
            _dmarc.mail.example TXT "v=DMARC1; p=none; psd=n"
            _dmarc.mail.example TXT "v=DMARC1; p=reject"
            _dmarc.example      TXT "v=DMARC1; p=none"
            """);
        var walk = await new TreeWalkOrganizationalDomainProvider(zone).GetOrganizationalDomainAsync("mail.example.com");
        Assert.Equal(DmarcLookupStatus.Multiple, walk.Steps[0].Status);
        Assert.Equal("example.com", walk.Domain);
    }

    [Fact]
    public async Task Walk_NonDmarcTxtIgnored()
    {
        var zone = Zone("""
            $ORIGIN com.
            _dmarc.example TXT "v=spf1 -all"
            _dmarc.example TXT "v=DMARC1; p=reject"
            """);
        var result = await new DmarcEvaluator(zone).EvaluateAsync("example.com", DmarcSpfInput.None, []);
        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
    }

    [Fact]
    public async Task Walk_ServerFailure_TempError()
    {
        var zone = Zone(B41Zone);
        zone.SetFault("_dmarc.mail.example.com", DnsStatus.ServerFailure);
        var walk = await new TreeWalkOrganizationalDomainProvider(zone).GetOrganizationalDomainAsync("mail.example.com");
        Assert.Equal(OrganizationalDomainStatus.TempError, walk.Status);
        Assert.Null(walk.Domain);
        var result = await new DmarcEvaluator(zone).EvaluateAsync("mail.example.com", new DmarcSpfInput(DmarcAuthResult.Pass, "mail.example.com"), []);
        Assert.Equal(DmarcStatus.TempError, result.Status);
    }

    [Fact]
    public async Task Walk_PsdYesAtStart_StartIsOrganizationalDomain()
    {
        var zone = Zone("""
            _dmarc.bank TXT "v=DMARC1; p=reject; psd=y"
            """);
        var walk = await new TreeWalkOrganizationalDomainProvider(zone).GetOrganizationalDomainAsync("bank.example");
        Assert.Equal("bank.example", walk.Domain);
        Assert.Single(walk.Steps);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("-bad-.example")]
    public async Task Walk_InvalidDomain_InvalidStatus(string domain)
    {
        var walk = await new TreeWalkOrganizationalDomainProvider(new ZoneFileResolver()).GetOrganizationalDomainAsync(domain);
        Assert.Equal(OrganizationalDomainStatus.InvalidDomain, walk.Status);
        Assert.NotNull(walk.Error);
    }

    [Fact]
    public async Task Walk_CustomQueryLimit_Respected()
    {
        var zone = new ZoneFileResolver();
        var walk = await new TreeWalkOrganizationalDomainProvider(zone, maxQueries: 3).GetOrganizationalDomainAsync("a.b.c.d.e.example.com");
        Assert.Equal(["a.b.c.d.e.example.com", "example.com", "com"], walk.Steps.Select(s => s.Domain));
    }
}
