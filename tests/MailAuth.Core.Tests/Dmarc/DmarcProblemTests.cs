using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.PublicSuffix;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Dmarc;

/// <summary>Each <see cref="DmarcProblem"/> value is produced by the input that causes it (the facade's values are in MessageAuthenticatorTests).</summary>
public sealed class DmarcProblemTests
{
    private static ZoneFileResolver Zone()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        zone.AddTxt("_dmarc.bad.example", "v=DMARC1; p=bogus");
        zone.AddTxt("_dmarc.two.example", "v=DMARC1; p=none");
        zone.AddTxt("_dmarc.two.example", "v=DMARC1; p=reject");
        return zone;
    }

    private static ValueTask<DmarcResult> EvaluateAsync(string from, DmarcSpfInput spf, DmarcOptions? options = null, ZoneFileResolver? zone = null)
        => new DmarcEvaluator(zone ?? Zone(), options).EvaluateAsync(AuthorDomains.Extract(from), spf, []);

    [Fact]
    public async Task Evaluate_AlignedSpfPass_ProblemNone()
    {
        DmarcResult result = await EvaluateAsync("a@example.com", DmarcSpfInput.FromWord("pass", "example.com"));
        Assert.Equal((DmarcStatus.Pass, DmarcProblem.None), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_NoAlignedPass_ProblemNotAligned()
    {
        DmarcResult result = await EvaluateAsync("a@example.com", DmarcSpfInput.FromWord("pass", "other.example"));
        Assert.Equal((DmarcStatus.Fail, DmarcProblem.NotAligned), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_NullFromDomain_ProblemNoAuthorDomain()
    {
        DmarcResult result = await new DmarcEvaluator(Zone()).EvaluateAsync((string?)null, DmarcSpfInput.None, []);
        Assert.Equal((DmarcStatus.PermError, DmarcProblem.NoAuthorDomain), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_FromWithoutAddress_ProblemNoAuthorDomain()
    {
        DmarcResult result = await EvaluateAsync("undisclosed-recipients:;", DmarcSpfInput.None);
        Assert.Equal((DmarcStatus.PermError, DmarcProblem.NoAuthorDomain), (result.Status, result.Problem));
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("-x-.test")]
    public async Task Evaluate_InvalidFromDomain_ProblemInvalidAuthorDomain(string domain)
    {
        DmarcResult result = await new DmarcEvaluator(Zone()).EvaluateAsync(domain, DmarcSpfInput.None, []);
        Assert.Equal((DmarcStatus.PermError, DmarcProblem.InvalidAuthorDomain), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_TwoFromFieldsWithPermErrorOption_ProblemMultipleFromFields()
    {
        var author = AuthorDomains.Extract(["a@example.com", "b@example.com"]);
        DmarcResult result = await new DmarcEvaluator(Zone(), new DmarcOptions { MultipleFromFieldsPermError = true }).EvaluateAsync(author, DmarcSpfInput.None, []);
        Assert.Equal((DmarcStatus.PermError, DmarcProblem.MultipleFromFields), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_OverTheAuthorDomainLimit_ProblemTooManyAuthorDomains()
    {
        DmarcResult result = await EvaluateAsync("a@example.com, b@two.example", DmarcSpfInput.None, new DmarcOptions { MaxAuthorDomains = 1 });
        Assert.Equal((DmarcStatus.PermError, DmarcProblem.TooManyAuthorDomains), (result.Status, result.Problem));
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
    }

    [Fact]
    public async Task Evaluate_NoRecord_ProblemNoRecord()
    {
        DmarcResult result = await EvaluateAsync("a@nothing.example", DmarcSpfInput.None);
        Assert.Equal((DmarcStatus.None, DmarcProblem.NoRecord), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_TwoRecordsRfc7489_ProblemMultipleRecords()
    {
        var options = new DmarcOptions { Mode = DmarcMode.Rfc7489Psl, PublicSuffixList = PublicSuffixList.Load(new StringReader("example\n")) };
        DmarcResult result = await EvaluateAsync("a@two.example", DmarcSpfInput.None, options);
        Assert.Equal((DmarcStatus.None, DmarcProblem.MultipleRecords), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_NoValidPolicyAndNoRua_ProblemInvalidRecord()
    {
        DmarcResult result = await EvaluateAsync("a@bad.example", DmarcSpfInput.None);
        Assert.Equal((DmarcStatus.PermError, DmarcProblem.InvalidRecord), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_DiscoveryServerFailure_ProblemDnsFailure()
    {
        ZoneFileResolver zone = Zone();
        zone.SetFault("_dmarc.example.com", DnsStatus.ServerFailure);
        DmarcResult result = await EvaluateAsync("a@example.com", DmarcSpfInput.None, zone: zone);
        Assert.Equal((DmarcStatus.TempError, DmarcProblem.DnsFailure), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_TimeBudgetRunsOut_ProblemTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = time });
        zone.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject");
        zone.SetLatency("_dmarc.example.com", TimeSpan.FromHours(1));
        var options = new DmarcOptions { Timeout = TimeSpan.FromSeconds(5), TimeProvider = time };

        ValueTask<DmarcResult> pending = EvaluateAsync("a@example.com", DmarcSpfInput.None, options, zone);
        for (int i = 0; i < 2000 && zone.GetQueryCount("_dmarc.example.com", DnsRecordType.Txt) == 0; i++)
        {
            await Task.Delay(5);
        }

        time.Advance(TimeSpan.FromSeconds(5));
        DmarcResult result = await pending.AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal((DmarcStatus.TempError, DmarcProblem.Timeout), (result.Status, result.Problem));
    }

    [Fact]
    public async Task Evaluate_SeveralFromDomains_CombinedResultKeepsTheChosenProblem()
    {
        DmarcResult result = await EvaluateAsync("a@nothing.example, b@example.com", DmarcSpfInput.None);
        Assert.Equal((DmarcStatus.Fail, DmarcProblem.NotAligned), (result.Status, result.Problem));
        Assert.Equal("example.com", result.AuthorDomain);
        Assert.StartsWith("2 From domains; example.com: ", result.Reason, StringComparison.Ordinal);
        Assert.Equal(2, result.AuthorResults.Count);
        Assert.Same(result.AuthorResults[1].Record, result.Record);
    }
}
