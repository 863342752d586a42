using MailAuth.AuthResults;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.PublicSuffix;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Dmarc;

public sealed class DmarcEvaluatorTests
{
    private static ZoneFileResolver Zone() => DmarcEvaluationTableTests.LoadZone();

    [Fact]
    public async Task Evaluate_MultipleFromDomains_StrictestFailingPolicyWins()
    {
        var evaluator = new DmarcEvaluator(Zone());
        var author = AuthorDomains.Extract("a@none.test, b@relaxed.test, c@strict.test");
        var result = await evaluator.EvaluateAsync(author, DmarcSpfInput.None, []);
        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.Equal("relaxed.test", result.AuthorDomain);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
        Assert.Equal(3, result.AuthorResults.Count);
        Assert.Equal(3, result.ToAuthMethodResults().Count);
    }

    [Fact]
    public async Task Evaluate_MultipleFromDomains_PassAndNone_IsPass()
    {
        var result = await new DmarcEvaluator(Zone()).EvaluateAsync(AuthorDomains.Extract("a@nodmarc.test, b@relaxed.test"),
            new DmarcSpfInput(DmarcAuthResult.Pass, "relaxed.test"), []);
        Assert.Equal(DmarcStatus.Pass, result.Status);
        Assert.Equal(DmarcStatus.None, result.AuthorResults[0].Status);
    }

    [Fact]
    public async Task Evaluate_TooManyFromDomains_PermError()
    {
        var options = new DmarcOptions { MaxAuthorDomains = 1 };
        var result = await new DmarcEvaluator(Zone(), options).EvaluateAsync(AuthorDomains.Extract("a@x.test, b@y.test"), DmarcSpfInput.None, []);
        Assert.Equal(DmarcStatus.PermError, result.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("-x-.test")]
    public async Task Evaluate_BadFromDomain_PermError(string? domain)
    {
        var result = await new DmarcEvaluator(Zone()).EvaluateAsync(domain, DmarcSpfInput.None, null);
        Assert.Equal(DmarcStatus.PermError, result.Status);
        Assert.Equal("dmarc=permerror", result.ToAuthMethodResults()[0].ToString());
    }

    [Theory]
    [InlineData("", "NoAddress")]
    [InlineData("nobody", "AddressWithoutDomain")]
    public async Task Evaluate_UnusableFrom_PermErrorWithReason(string from, string error)
    {
        var author = AuthorDomains.Extract(from);
        Assert.Equal(error, author.Error.ToString());
        Assert.Equal(error == "NoAddress" ? DmarcProblem.NoAuthorDomain : DmarcProblem.InvalidAuthorDomain, author.Problem);
        var result = await new DmarcEvaluator(Zone()).EvaluateAsync(author, DmarcSpfInput.None, []);
        Assert.Equal(DmarcStatus.PermError, result.Status);
        Assert.Contains("RFC5322.From", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_InternationalFromDomain_UsesALabels()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("_dmarc.xn--bcher-kva.example", "v=DMARC1; p=reject");
        var result = await new DmarcEvaluator(zone).EvaluateAsync("Bücher.example", new DmarcSpfInput(DmarcAuthResult.Pass, "xn--bcher-kva.example"), []);
        Assert.Equal(DmarcStatus.Pass, result.Status);
        Assert.Equal("xn--bcher-kva.example", result.AuthorDomain);
    }

    [Fact]
    public async Task Evaluate_PercentageSampler_Injected()
    {
        var calls = 0;
        var options = new DmarcOptions { Mode = DmarcMode.Rfc7489Psl, PercentageSampler = r => { calls++; return r.Percentage > 60; } };
        var result = await new DmarcEvaluator(Zone(), options).EvaluateAsync("pct50.test", DmarcSpfInput.None, []);
        Assert.Equal(1, calls);
        Assert.True(result.SampledOut);
        Assert.Equal(DmarcPolicy.None, result.Disposition);
        Assert.Equal(DmarcPolicy.Quarantine, result.Policy);
        Assert.Contains("pct=50", result.ToAuthMethodResults()[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_TestingMode_CanBeIgnored()
    {
        var options = new DmarcOptions { HonorTestingMode = false };
        var result = await new DmarcEvaluator(Zone(), options).EvaluateAsync("testing.test", DmarcSpfInput.None, []);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
        Assert.False(result.TestingModeApplied);
        var honoured = await new DmarcEvaluator(Zone()).EvaluateAsync("testing.test", DmarcSpfInput.None, []);
        Assert.True(honoured.TestingModeApplied);
        Assert.Contains("t=y", honoured.ToAuthMethodResults()[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_NonExistenceCheck_CanBeDisabled()
    {
        var options = new DmarcOptions { CheckNonExistentSubdomains = false };
        var zone = Zone();
        var result = await new DmarcEvaluator(zone, options).EvaluateAsync("ghost.relaxed.test", DmarcSpfInput.None, []);
        Assert.Equal(DmarcPolicySource.Subdomain, result.PolicySource);
        Assert.Null(result.AuthorDomainExists);
        Assert.Equal(0, zone.GetQueryCount("ghost.relaxed.test", DnsRecordType.A));
    }

    [Fact]
    public async Task Evaluate_ExistenceQueryFails_TreatedAsExisting()
    {
        var zone = Zone();
        zone.SetFault("ghost.relaxed.test", DnsStatus.Timeout, DnsRecordType.Mx);
        var result = await new DmarcEvaluator(zone).EvaluateAsync("ghost.relaxed.test", DmarcSpfInput.None, []);
        Assert.Equal(DmarcPolicySource.Subdomain, result.PolicySource);
        Assert.True(result.AuthorDomainExists);
    }

    [Fact]
    public async Task Evaluate_IdentifierWalkTempError_TempErrorWhenNothingElseAligns()
    {
        var zone = Zone();
        zone.SetFault("_dmarc.x.relaxed.test", DnsStatus.ServerFailure);
        var evaluator = new DmarcEvaluator(zone);
        var result = await evaluator.EvaluateAsync("relaxed.test", new DmarcSpfInput(DmarcAuthResult.Pass, "x.relaxed.test"), []);
        Assert.Equal(DmarcStatus.TempError, result.Status);
        Assert.Equal(DmarcPolicy.None, result.Disposition);

        var withDkim = await evaluator.EvaluateAsync("relaxed.test", new DmarcSpfInput(DmarcAuthResult.Pass, "x.relaxed.test"),
            [new DmarcDkimInput(DmarcAuthResult.Pass, "relaxed.test")]);
        Assert.Equal(DmarcStatus.Pass, withDkim.Status);
    }

    [Fact]
    public async Task Evaluate_MaxIdentifierDomains_LimitsWalks()
    {
        var zone = Zone();
        var options = new DmarcOptions { MaxIdentifierDomains = 1 };
        var dkim = Enumerable.Range(0, 5).Select(i => new DmarcDkimInput(DmarcAuthResult.Pass, $"s{i}.relaxed.test")).ToArray();
        var result = await new DmarcEvaluator(zone, options).EvaluateAsync("relaxed.test", DmarcSpfInput.None, dkim);
        Assert.Equal(DmarcStatus.Pass, result.Status);
        Assert.True(result.Dkim[0].Aligned);
        Assert.All(result.Dkim.Skip(1), d => Assert.Contains("not checked", d.Note, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evaluate_SharedLookups_EachNameQueriedOnce()
    {
        var zone = Zone();
        var dkim = new[] { new DmarcDkimInput(DmarcAuthResult.Pass, "a.other.test"), new DmarcDkimInput(DmarcAuthResult.Pass, "b.other.test") };
        await new DmarcEvaluator(zone).EvaluateAsync("mail.relaxed.test", new DmarcSpfInput(DmarcAuthResult.Pass, "c.other.test"), dkim);
        Assert.Equal(1, zone.GetQueryCount("_dmarc.test", DnsRecordType.Txt));
        Assert.Equal(1, zone.GetQueryCount("_dmarc.other.test", DnsRecordType.Txt));
        Assert.Equal(1, zone.GetQueryCount("_dmarc.relaxed.test", DnsRecordType.Txt));
    }

    [Fact]
    public async Task Evaluate_Timeout_TempError()
    {
        var time = new FakeTimeProvider();
        var zone = Zone();
        zone.SetLatency("_dmarc.relaxed.test", TimeSpan.FromSeconds(5));
        var evaluator = new DmarcEvaluator(zone, new DmarcOptions { Timeout = TimeSpan.FromSeconds(1), TimeProvider = time });
        var task = evaluator.EvaluateAsync("relaxed.test", DmarcSpfInput.None, []).AsTask();
        time.Advance(TimeSpan.FromSeconds(2));
        var result = await task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DmarcStatus.TempError, result.Status);
        Assert.Contains("time budget", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_CallerCancellation_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new DmarcEvaluator(Zone()).EvaluateAsync("relaxed.test", DmarcSpfInput.None, [], cts.Token));
    }

    [Fact]
    public async Task Evaluate_CustomOrganizationalDomainProvider_UsedForAlignment()
    {
        // A provider that makes every name its own Organizational Domain: relaxed alignment becomes identity.
        var options = new DmarcOptions { OrganizationalDomainProvider = new IdentityProvider() };
        var result = await new DmarcEvaluator(Zone(), options).EvaluateAsync("relaxed.test", new DmarcSpfInput(DmarcAuthResult.Pass, "mail.relaxed.test"), []);
        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.Equal("relaxed.test", result.OrganizationalDomain);
        var temp = await new DmarcEvaluator(Zone(), options).EvaluateAsync("relaxed.test", new DmarcSpfInput(DmarcAuthResult.Pass, "fail.relaxed.test"), []);
        Assert.Equal(DmarcStatus.TempError, temp.Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => OrganizationalDomainResult.Failed(OrganizationalDomainStatus.Found, "x"));
    }

    [Fact]
    public async Task Evaluate_Rfc7489_IcannOnlyList()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("_dmarc.github.io", "v=DMARC1; p=reject");
        var all = new DmarcEvaluator(zone, new DmarcOptions { Mode = DmarcMode.Rfc7489Psl });
        var icann = new DmarcEvaluator(zone, new DmarcOptions { Mode = DmarcMode.Rfc7489Psl, PublicSuffixList = PublicSuffixList.DefaultIcannOnly });
        Assert.Equal(DmarcStatus.None, (await all.EvaluateAsync("alice.github.io", DmarcSpfInput.None, [])).Status);
        Assert.Equal(DmarcStatus.Fail, (await icann.EvaluateAsync("alice.github.io", DmarcSpfInput.None, [])).Status);
    }

    [Fact]
    public async Task Evaluate_SpfHeloScope_Counts()
    {
        var result = await new DmarcEvaluator(Zone()).EvaluateAsync("relaxed.test", new DmarcSpfInput(DmarcAuthResult.Pass, "mx.relaxed.test", DmarcSpfScope.Helo), []);
        Assert.Equal(DmarcStatus.Pass, result.Status);
    }

    [Fact]
    public async Task AuthenticationResults_Format()
    {
        var result = await new DmarcEvaluator(Zone()).EvaluateAsync("mail.relaxed.test", DmarcSpfInput.None, []);
        Assert.Equal("dmarc=fail (p=reject sp=quarantine np=reject dis=quarantine) header.from=mail.relaxed.test policy.dmarc=quarantine",
            result.ToAuthMethodResults()[0].ToString());
        var header = new AuthResultsHeader("mx.test", result.ToAuthMethodResults());
        var parsed = AuthResultsHeader.Parse(header.ToString().Split(':', 2)[1]);
        Assert.Equal("mail.relaxed.test", parsed.Results[0].GetProperty("header", "from"));
        Assert.Equal("quarantine", parsed.Results[0].GetProperty("policy", "dmarc"));
        Assert.Equal("fail", parsed.Results[0].Result);
        var none = await new DmarcEvaluator(Zone()).EvaluateAsync("nodmarc.test", DmarcSpfInput.None, []);
        Assert.Equal("dmarc=none header.from=nodmarc.test", none.ToAuthMethodResults()[0].ToString());
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        var zone = new ZoneFileResolver();
        Assert.Throws<ArgumentOutOfRangeException>(() => new DmarcEvaluator(zone, new DmarcOptions { MaxTreeWalkQueries = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DmarcEvaluator(zone, new DmarcOptions { MaxAuthorDomains = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DmarcEvaluator(zone, new DmarcOptions { MaxIdentifierDomains = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DmarcEvaluator(zone, new DmarcOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DmarcEvaluator(zone, new DmarcOptions { Mode = (DmarcMode)7 }));
        Assert.Throws<ArgumentNullException>(() => new DmarcEvaluator(null!));
    }

    [Theory]
    [InlineData("PASS", DmarcAuthResult.Pass)]
    [InlineData("softfail", DmarcAuthResult.SoftFail)]
    [InlineData("hardfail", DmarcAuthResult.Fail)]
    [InlineData("policy", DmarcAuthResult.Policy)]
    [InlineData("neutral", DmarcAuthResult.Neutral)]
    [InlineData("temperror", DmarcAuthResult.TempError)]
    [InlineData("permerror", DmarcAuthResult.PermError)]
    [InlineData("whatever", DmarcAuthResult.None)]
    [InlineData(null, DmarcAuthResult.None)]
    public void InputWords_Parse(string? word, DmarcAuthResult expected)
    {
        Assert.Equal(expected, DmarcSpfInput.FromWord(word, "x.test").Result);
        Assert.Equal(expected, DmarcDkimInput.FromWord(word, "x.test").Result);
    }

    private sealed class IdentityProvider : IOrganizationalDomainProvider
    {
        public ValueTask<OrganizationalDomainResult> GetOrganizationalDomainAsync(string domain, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(domain.StartsWith("fail.", StringComparison.Ordinal)
                ? OrganizationalDomainResult.Failed(OrganizationalDomainStatus.TempError, "injected")
                : OrganizationalDomainResult.Found(domain));
    }
}
