using System.Net;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf;

/// <summary>Each <see cref="SpfProblem"/> value is produced by the input that causes it, with its RFC 7208 result.</summary>
public sealed class SpfProblemTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private static async Task<SpfResult> CheckAsync(Action<ZoneFileResolver> setup, SpfOptions? options = null, string sender = "alice@example.com", string? helo = "mail.example.com", string domain = "example.com")
    {
        var zone = new ZoneFileResolver();
        setup(zone);
        return await new SpfEvaluator(zone, options).CheckHostAsync(Client, domain, sender, helo);
    }

    [Fact]
    public async Task CheckHost_MechanismMatches_ProblemNone()
    {
        SpfResult result = await CheckAsync(z => z.AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 -all"));
        Assert.Equal((SpfStatus.Pass, SpfProblem.None), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_NoRecord_ProblemNoRecord()
    {
        SpfResult result = await CheckAsync(z => z.AddTxt("example.com", "not spf"));
        Assert.Equal((SpfStatus.None, SpfProblem.NoRecord), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_SingleLabelDomain_ProblemInvalidDomain()
    {
        SpfResult result = await CheckAsync(_ => { }, domain: "localhost");
        Assert.Equal((SpfStatus.None, SpfProblem.InvalidDomain), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_TwoRecords_ProblemMultipleRecords()
    {
        SpfResult result = await CheckAsync(z =>
        {
            z.AddTxt("example.com", "v=spf1 -all");
            z.AddTxt("example.com", "v=spf1 +all");
        });
        Assert.Equal((SpfStatus.PermError, SpfProblem.MultipleRecords), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_UnknownMechanism_ProblemSyntax()
    {
        SpfResult result = await CheckAsync(z => z.AddTxt("example.com", "v=spf1 frob:x.example -all"));
        Assert.Equal((SpfStatus.PermError, SpfProblem.Syntax), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_OverTheTermLimit_ProblemTooManyDnsLookups()
    {
        SpfResult result = await CheckAsync(z => z.AddTxt("example.com", "v=spf1 a:h1.example.com a:h2.example.com -all"), new SpfOptions { MaxDnsLookups = 1 });
        Assert.Equal((SpfStatus.PermError, SpfProblem.TooManyDnsLookups), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_OverTheVoidLimit_ProblemTooManyVoidLookups()
    {
        SpfResult result = await CheckAsync(z => z.AddTxt("example.com", "v=spf1 a:n1.example.com a:n2.example.com a:n3.example.com -all"));
        Assert.Equal((SpfStatus.PermError, SpfProblem.TooManyVoidLookups), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_OverTheMxLimit_ProblemTooManyMxNames()
    {
        SpfResult result = await CheckAsync(
            z =>
            {
                z.AddTxt("example.com", "v=spf1 mx -all");
                z.AddMx("example.com", 10, "mx1.example.com");
                z.AddMx("example.com", 20, "mx2.example.com");
            },
            new SpfOptions { MaxMxNames = 1 });
        Assert.Equal((SpfStatus.PermError, SpfProblem.TooManyMxNames), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_ServerFailure_ProblemDnsFailure()
    {
        SpfResult result = await CheckAsync(z => z.SetFault("example.com", DnsStatus.ServerFailure));
        Assert.Equal((SpfStatus.TempError, SpfProblem.DnsFailure), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_IncludeTimesOut_ProblemTimeout()
    {
        SpfResult result = await CheckAsync(z =>
        {
            z.AddTxt("example.com", "v=spf1 include:slow.example.com -all");
            z.SetFault("slow.example.com", DnsStatus.Timeout);
        });
        Assert.Equal((SpfStatus.TempError, SpfProblem.Timeout), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_IncludeWithoutRecord_PermErrorKeepsTheInnerProblem()
    {
        SpfResult result = await CheckAsync(z => z.AddTxt("example.com", "v=spf1 include:empty.example.com -all"));
        Assert.Equal((SpfStatus.PermError, SpfProblem.NoRecord), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_MacroNeedsOverlongLocalPart_ProblemLocalPartTooLong()
    {
        SpfResult result = await CheckAsync(z => z.AddTxt("example.com", "v=spf1 exists:%{l}.example.com -all"), sender: new string('a', 65) + "@example.com");
        Assert.Equal((SpfStatus.PermError, SpfProblem.LocalPartTooLong), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_MacroNeedsOverlongHelo_ProblemDomainTooLong()
    {
        string helo = string.Join('.', Enumerable.Repeat(new string('h', 60), 5));
        SpfResult result = await CheckAsync(z => z.AddTxt("example.com", "v=spf1 exists:%{h}.example.com -all"), helo: helo);
        Assert.Equal((SpfStatus.PermError, SpfProblem.DomainTooLong), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckPra_NoFromField_ProblemPraNotFound()
    {
        var evaluator = new SenderIdEvaluator(new ZoneFileResolver());
        SpfResult result = await evaluator.CheckPraAsync(Client, [new KeyValuePair<string, string>("Subject", "hi")]);
        Assert.Equal((SpfStatus.PermError, SpfProblem.PraNotFound), (result.Status, result.Problem));
    }

    [Fact]
    public async Task CheckHost_MxTerm_DnsQueriesCountsEveryQueryAndDnsLookupsTheTerm()
    {
        SpfResult result = await CheckAsync(z =>
        {
            z.AddTxt("example.com", "v=spf1 mx -all");
            z.AddMx("example.com", 10, "mx1.example.com");
            z.AddMx("example.com", 20, "mx2.example.com");
            z.AddAddress("mx1.example.com", "198.51.100.1");
            z.AddAddress("mx2.example.com", "198.51.100.2");
        });
        Assert.Equal(SpfStatus.Fail, result.Status);
        Assert.Equal(1, result.DnsLookups);
        Assert.Equal(4, result.DnsQueries); // TXT, MX, A, A
    }

    [Fact]
    public async Task SpfResult_WithNoChanges_EqualsTheOriginal()
    {
        SpfResult result = await CheckAsync(z => z.AddTxt("example.com", "v=spf1 -all"));
        SpfResult copy = result with { };
        Assert.Equal(result, copy);
        Assert.Equal("fail", copy.Keyword);
        SpfResult changed = result with { Reason = "a\r\nb" };
        Assert.Equal("a\\r\\nb", changed.Reason);
        Assert.Equal(result.Domain, changed.Domain);
    }
}
