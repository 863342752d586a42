using System.Text;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.DomainKeys;
using MailAuth.Messages;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.DomainKeys;

public sealed class AdspEvaluatorTests
{
    // RFC 5617 Appendix A: aaa.example (A, dkim=all), bbb.example (MX, no ADSP record), ccc.example does not exist.
    private static ZoneFileResolver AppendixA()
    {
        var zone = new ZoneFileResolver();
        zone.AddAddress("aaa.example", "192.0.2.1");
        zone.AddTxt("_adsp._domainkey.aaa.example", "dkim=all");
        zone.AddMx("bbb.example", 10, "mail.bbb.example");
        zone.AddAddress("mail.bbb.example", "192.0.2.2");
        return zone;
    }

    private static RawMessage Message(string from) =>
        MessageReader.Default.Read(Encoding.ASCII.GetBytes($"From: {from}\r\nSubject: hi\r\n\r\nbody\r\n")).Message!;

    [Theory]
    [InlineData("bob@aaa.example (Bob the Author)", AdspStatus.Fail, AdspPractice.All)]         // A.1
    [InlineData("alice@bbb.example (Old-fashioned Alice)", AdspStatus.None, AdspPractice.None)]   // A.2
    [InlineData("frank@ccc.example (Unreliable Frank)", AdspStatus.NxDomain, AdspPractice.None)]  // A.3
    public async Task EvaluateAsync_Rfc5617AppendixA_GivesTheExampleResults(string from, AdspStatus expected, AdspPractice practice)
    {
        using var message = Message(from);

        var result = Assert.Single(await new AdspEvaluator(AppendixA()).EvaluateAsync(message, []));

        Assert.Equal(expected, result.Status);
        Assert.Equal(practice, result.Practice);
        Assert.Equal(2, result.DnsQueries);
    }

    [Theory]
    [InlineData("dkim=unknown", AdspStatus.Unknown, AdspPractice.Unknown)]
    [InlineData("dkim=all", AdspStatus.Fail, AdspPractice.All)]
    [InlineData("dkim = discardable", AdspStatus.Discard, AdspPractice.Discardable)]
    [InlineData("dkim=DISCARDABLE; x=y", AdspStatus.Discard, AdspPractice.Discardable)]
    [InlineData("dkim=future-practice", AdspStatus.Unknown, AdspPractice.Unknown)]
    [InlineData("dkim=", AdspStatus.None, AdspPractice.None)]
    [InlineData("v=spf1 -all", AdspStatus.None, AdspPractice.None)]
    [InlineData("x=1; dkim=all", AdspStatus.None, AdspPractice.None)]
    [InlineData("dkim=all; dkim=unknown", AdspStatus.None, AdspPractice.None)]
    public async Task CheckDomainAsync_Record_GivesRfc5617Word(string record, AdspStatus expected, AdspPractice practice)
    {
        var zone = new ZoneFileResolver();
        zone.AddMx("example.com", 10, "mx.example.com");
        zone.AddTxt("_adsp._domainkey.example.com", record);

        var result = await new AdspEvaluator(zone).CheckDomainAsync("example.com");

        Assert.Equal(expected, result.Status);
        Assert.Equal(practice, result.Practice);
        if (practice == AdspPractice.None)
        {
            Assert.Equal(AdspProblem.RecordIgnored, result.Problem);
        }
    }

    [Fact]
    public async Task CheckDomainAsync_TwoRecords_IsPermError()
    {
        var zone = new ZoneFileResolver();
        zone.AddMx("example.com", 10, "mx.example.com");
        zone.AddTxt("_adsp._domainkey.example.com", "dkim=all");
        zone.AddTxt("_adsp._domainkey.example.com", "dkim=unknown");

        var result = await new AdspEvaluator(zone).CheckDomainAsync("example.com");

        Assert.Equal(AdspStatus.PermError, result.Status);
        Assert.Equal(AdspProblem.MultipleRecords, result.Problem);
    }

    [Theory]
    [InlineData("example.com", DnsRecordType.Mx)]
    [InlineData("_adsp._domainkey.example.com", DnsRecordType.Txt)]
    public async Task CheckDomainAsync_ServFail_IsTempError(string name, DnsRecordType type)
    {
        var zone = new ZoneFileResolver();
        zone.AddMx("example.com", 10, "mx.example.com");
        zone.AddTxt("_adsp._domainkey.example.com", "dkim=all");
        zone.SetFault(name, DnsStatus.ServerFailure, type);

        var result = await new AdspEvaluator(zone).CheckDomainAsync("example.com");

        Assert.Equal(AdspStatus.TempError, result.Status);
        Assert.Equal("temperror", result.Keyword);
    }

    [Fact]
    public async Task CheckDomainAsync_SlowDns_IsTempErrorWithinBudget()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(50));
        var zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = time });
        zone.AddMx("example.com", 10, "mx.example.com");
        zone.AddTxt("_adsp._domainkey.example.com", "dkim=discardable");
        zone.SetLatency("_adsp._domainkey.example.com", TimeSpan.FromMinutes(10));
        var evaluator = new AdspEvaluator(zone, new AdspOptions { Timeout = TimeSpan.FromSeconds(3), TimeProvider = time });

        var pending = evaluator.CheckDomainAsync("example.com");
        for (int i = 0; i < 100 && !pending.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
            await Task.Delay(1);
        }

        Assert.True(pending.IsCompleted, "the look-up did not end when its time budget did");
        Assert.Equal(AdspStatus.TempError, (await pending).Status);
    }

    [Theory]
    [InlineData("exa mple.com")]
    [InlineData("example..com")]
    [InlineData("")]
    public async Task CheckDomainAsync_InvalidDomain_IsPermErrorWithoutQuery(string domain)
    {
        var zone = new ZoneFileResolver();

        var result = await new AdspEvaluator(zone).CheckDomainAsync(domain);

        Assert.Equal(AdspStatus.PermError, result.Status);
        Assert.Equal(0, zone.QueryCount);
    }

    [Fact]
    public async Task EvaluateAsync_AuthorDomainSignature_PassesWithoutDns()
    {
        var zone = AppendixA();
        using var message = Message("bob@aaa.example");
        var dkim = new[] { new DkimResult(0, DkimProblem.None, null) { Domain = "AAA.example" } };

        var result = Assert.Single(await new AdspEvaluator(zone).EvaluateAsync(message, dkim));

        Assert.Equal(AdspStatus.Pass, result.Status);
        Assert.Equal(0, zone.QueryCount);
        Assert.Equal("bob@aaa.example", result.AuthorAddress);
    }

    [Theory]
    [InlineData("example", DkimProblem.None)]                  // a parent domain is not an Author Domain Signature
    [InlineData("aaa.example", DkimProblem.BodyHashMismatch)] // a failed signature is not a Valid Signature
    public async Task EvaluateAsync_NoValidAuthorDomainSignature_UsesPractice(string d, DkimProblem problem)
    {
        using var message = Message("bob@aaa.example");
        var dkim = new[] { new DkimResult(0, problem, null) { Domain = d } };

        var result = Assert.Single(await new AdspEvaluator(AppendixA()).EvaluateAsync(message, dkim));

        Assert.Equal(AdspStatus.Fail, result.Status);
    }

    [Fact]
    public async Task EvaluateAsync_SeveralAuthors_OneResultEachUpToLimit()
    {
        using var message = Message("bob@aaa.example, alice@bbb.example, frank@ccc.example, x@aaa.example");

        var results = await new AdspEvaluator(AppendixA(), new AdspOptions { MaxAuthorDomains = 2 }).EvaluateAsync(message, []);

        Assert.Equal(["aaa.example", "bbb.example"], results.Select(r => r.AuthorDomain));
    }

    [Fact]
    public async Task EvaluateAsync_NoFrom_IsPermError()
    {
        using var message = MessageReader.Default.Read(Encoding.ASCII.GetBytes("Subject: hi\r\n\r\nbody\r\n")).Message!;

        var result = Assert.Single(await new AdspEvaluator(new ZoneFileResolver()).EvaluateAsync(message, []));

        Assert.Equal(AdspStatus.PermError, result.Status);
        Assert.Equal(AdspProblem.NoAuthorAddress, result.Problem);
    }

    [Fact]
    public void Constructor_BadOption_NamesIt()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new AdspEvaluator(new ZoneFileResolver(), new AdspOptions { MaxAuthorDomains = 0 }));

        Assert.Equal(nameof(AdspOptions.MaxAuthorDomains), error.ParamName);
    }
}
