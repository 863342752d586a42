using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Reports;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Reports;

/// <summary>RFC 9991 §2 and the fo tag (RFC 7489 §6.3, RFC 9989 §4.7): which failed messages get a failure report, and where.</summary>
public sealed class DmarcFailureReportDeciderTests
{
    private static DmarcResult Result(string record, DmarcAuthResult spf, bool spfAligned, DmarcAuthResult[] dkim, bool dkimAligned, DmarcStatus? status = null)
    {
        var dkimResults = dkim.Select((r, i) => new DmarcIdentifierAlignment(DmarcIdentifierKind.Dkim, "example.com", r, DmarcAlignmentMode.Relaxed, dkimAligned && r == DmarcAuthResult.Pass && i == 0, Selector: "s" + i)).ToArray();
        bool pass = (spfAligned && spf == DmarcAuthResult.Pass) || dkimResults.Any(d => d.Aligned);
        return new DmarcResult(status ?? (pass ? DmarcStatus.Pass : DmarcStatus.Fail), DmarcProblem.None, "test")
        {
            Record = DmarcRecord.Parse(record),
            PolicyDomain = "example.com",
            AuthorDomain = "example.com",
            Spf = new DmarcIdentifierAlignment(DmarcIdentifierKind.Spf, "example.com", spf, DmarcAlignmentMode.Relaxed, spfAligned && spf == DmarcAuthResult.Pass),
            Dkim = dkimResults,
        };
    }

    private const string Ruf = "v=DMARC1; p=reject; ruf=mailto:failures@example.com";

    // The decision table: fo option × (SPF, DKIM) results; "aligned" means an aligned pass.
    [Theory]
    [InlineData("0", DmarcAuthResult.Fail, false, DmarcAuthResult.Fail, false, "0:1:d:s", "0")]
    [InlineData("0", DmarcAuthResult.Pass, true, DmarcAuthResult.Fail, false, "1:d", "none")]
    [InlineData("0", DmarcAuthResult.Pass, false, DmarcAuthResult.None, false, "0:1", "0")]
    [InlineData("1", DmarcAuthResult.Pass, true, DmarcAuthResult.Fail, false, "1:d", "1")]
    [InlineData("1", DmarcAuthResult.Pass, true, DmarcAuthResult.Pass, true, "none", "none")]
    [InlineData("1", DmarcAuthResult.Fail, false, DmarcAuthResult.Pass, true, "1:s", "1")]
    [InlineData("1", DmarcAuthResult.Fail, false, DmarcAuthResult.Fail, false, "0:1:d:s", "1")]
    [InlineData("d", DmarcAuthResult.Pass, true, DmarcAuthResult.Fail, false, "1:d", "d")]
    [InlineData("d", DmarcAuthResult.Fail, false, DmarcAuthResult.None, false, "0:1:s", "none")]
    [InlineData("d", DmarcAuthResult.Pass, true, DmarcAuthResult.PermError, false, "1:d", "d")]
    [InlineData("d", DmarcAuthResult.Pass, true, DmarcAuthResult.TempError, false, "1", "none")]
    [InlineData("s", DmarcAuthResult.Fail, false, DmarcAuthResult.Pass, true, "1:s", "s")]
    [InlineData("s", DmarcAuthResult.SoftFail, false, DmarcAuthResult.Pass, true, "1:s", "s")]
    [InlineData("s", DmarcAuthResult.Neutral, false, DmarcAuthResult.Pass, true, "1", "none")]
    [InlineData("s", DmarcAuthResult.Pass, false, DmarcAuthResult.Pass, true, "1", "none")]
    [InlineData("0:d:s", DmarcAuthResult.Pass, true, DmarcAuthResult.Fail, false, "1:d", "d")]
    [InlineData("1:d:s", DmarcAuthResult.Fail, false, DmarcAuthResult.Fail, false, "0:1:d:s", "1:d:s")]
    public void Match_FoOptionsAgainstResults_Table(string fo, DmarcAuthResult spf, bool spfAligned, DmarcAuthResult dkim, bool dkimAligned, string met, string reported)
    {
        DmarcAuthResult[] signatures = dkim == DmarcAuthResult.None ? [] : [dkim];
        DmarcResult result = Result($"{Ruf}; fo={fo}", spf, spfAligned, signatures, dkimAligned);

        DmarcFailureReportTriggers matched = DmarcFailureReportDecider.Match(result);

        Assert.Equal(met, DmarcFailureReportDecider.FormatOptions(matched));
        Assert.Equal(reported, DmarcFailureReportDecider.FormatOptions(matched & DmarcFailureReportDecider.ParseOptions(fo)));
    }

    [Theory]
    [InlineData(DmarcStatus.None)]
    [InlineData(DmarcStatus.TempError)]
    [InlineData(DmarcStatus.PermError)]
    public void Match_NoVerdict_Nothing(DmarcStatus status)
    {
        DmarcResult result = Result(Ruf + "; fo=1:d:s", DmarcAuthResult.Fail, false, [DmarcAuthResult.Fail], false, status);

        Assert.Equal(DmarcFailureReportTriggers.None, DmarcFailureReportDecider.Match(result));
    }

    [Theory]
    [InlineData("", "0")]
    [InlineData("0", "0")]
    [InlineData("1:D:s", "1:d:s")]
    [InlineData(" d : s ", "d:s")]
    [InlineData("x:y", "0")]
    [InlineData("1:x", "1")]
    public void ParseOptions_Values_Flags(string fo, string expected) =>
        Assert.Equal(expected, DmarcFailureReportDecider.FormatOptions(DmarcFailureReportDecider.ParseOptions(fo)));

    [Theory]
    [InlineData("mailto:f@example.com", "f@example.com")]
    [InlineData("mailto:f@example.com?subject=x", "f@example.com")]
    [InlineData("mailto:a%40b@example.com", "a@b@example.com")]
    [InlineData("mailto:a%0D%0ABcc:%20x@example.com", null)]
    [InlineData("mailto:example.com", null)]
    [InlineData("https://example.com/ruf", null)]
    public void MailtoAddress_Uris_AddressOrNull(string uri, string? expected)
    {
        Assert.True(DmarcReportUri.TryParse(uri, out DmarcReportUri? parsed));

        Assert.Equal(expected, DmarcFailureReportDecider.MailtoAddress(parsed));
    }

    private static ZoneFileResolver Zone()
    {
        var zone = new ZoneFileResolver();
        zone.LoadZone("""
            example.com._report._dmarc.thirdparty.example. TXT "v=DMARC1"
            """, "test.");
        zone.SetFault("example.com._report._dmarc.flaky.example", DnsStatus.ServerFailure);
        return zone;
    }

    private static DmarcFailureReportDecider Decider(DmarcFailureReportRateLimiter? limiter = null, DmarcFailureReportDeciderOptions? options = null) =>
        new(new DmarcReportAuthorization(Zone()), limiter ?? new DmarcFailureReportRateLimiter(), options);

    private static DmarcResult Failing(string record) => Result(record, DmarcAuthResult.Fail, false, [DmarcAuthResult.Fail], false);

    [Fact]
    public async Task DecideAsync_ExternalDestinations_OnlyAuthorizedGetReports()
    {
        DmarcResult result = Failing("v=DMARC1; p=reject; fo=1; ruf=mailto:own@example.com,mailto:ruf@thirdparty.example,mailto:ruf@evil.example,mailto:ruf@flaky.example,https://example.com/x");

        DmarcFailureReportDecision decision = await Decider().DecideAsync(result);

        Assert.True(decision.ShouldReport);
        Assert.Equal(
            [DmarcFailureReportDestinationStatus.Send, DmarcFailureReportDestinationStatus.Send, DmarcFailureReportDestinationStatus.NotAuthorized, DmarcFailureReportDestinationStatus.TempError, DmarcFailureReportDestinationStatus.Unsupported],
            decision.Destinations.Select(d => d.Status));
        Assert.Equal(["own@example.com", "ruf@thirdparty.example"], decision.Recipients);
    }

    [Fact]
    public async Task DecideAsync_PassingMessageFo0_NoReportNoRateUse()
    {
        var limiter = new DmarcFailureReportRateLimiter();
        DmarcResult result = Result(Ruf, DmarcAuthResult.Pass, true, [DmarcAuthResult.Fail], false);

        DmarcFailureReportDecision decision = await Decider(limiter).DecideAsync(result);

        Assert.False(decision.ShouldReport);
        Assert.Empty(decision.Destinations);
        Assert.Equal(0, limiter.TrackedDestinations);
    }

    [Fact]
    public async Task DecideAsync_NoRuf_NoReport()
    {
        DmarcFailureReportDecision decision = await Decider().DecideAsync(Failing("v=DMARC1; p=reject; fo=1; rua=mailto:agg@example.com"));

        Assert.False(decision.ShouldReport);
        Assert.Equal("the record has no ruf", decision.Reason);
    }

    [Fact]
    public async Task DecideAsync_PsdRecord_RufIgnoredUnlessAllowed()
    {
        DmarcResult result = Failing(Ruf + "; psd=y");

        Assert.False((await Decider().DecideAsync(result)).ShouldReport);
        Assert.True((await Decider(options: new DmarcFailureReportDeciderOptions { AllowPublicSuffixDomainRecords = true }).DecideAsync(result)).ShouldReport);
    }

    [Fact]
    public async Task DecideAsync_ManyRufUris_CappedAtMaxDestinations()
    {
        string ruf = string.Join(',', Enumerable.Range(0, 8).Select(i => $"mailto:r{i}@example.com"));

        DmarcFailureReportDecision decision = await Decider(options: new DmarcFailureReportDeciderOptions { MaxDestinations = 3 }).DecideAsync(Failing("v=DMARC1; p=reject; ruf=" + ruf));

        Assert.Equal(3, decision.Recipients.Count());
        Assert.Equal(5, decision.Destinations.Count(d => d.Status == DmarcFailureReportDestinationStatus.TooMany));
    }

    [Fact]
    public async Task DecideAsync_RepeatedFailures_RateLimitedPerDestination()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var limiter = new DmarcFailureReportRateLimiter(new DmarcFailureReportRateLimiterOptions { MaxReportsPerWindow = 2, Window = TimeSpan.FromMinutes(10), TimeProvider = time });
        DmarcFailureReportDecider decider = Decider(limiter);
        DmarcResult result = Failing(Ruf);

        bool[] sent = new bool[4];
        for (int i = 0; i < 3; i++)
        {
            sent[i] = (await decider.DecideAsync(result)).ShouldReport;
        }

        time.Advance(TimeSpan.FromMinutes(10));
        sent[3] = (await decider.DecideAsync(result)).ShouldReport;

        Assert.Equal([true, true, false, true], sent);
    }

    [Fact]
    public async Task DecideAsync_Outcome_OneDecisionPerFromDomain()
    {
        var zone = Tests.Facade.FacadeFixture.Zone();
        var forged = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(Tests.Facade.FacadeFixture.Signed()).Replace("see you tomorrow", "send the money", StringComparison.Ordinal));
        AuthenticationOutcome outcome = await new MessageAuthenticator(zone).AuthenticateAsync(forged, new SmtpContext(Tests.Facade.SampleFiles.ForgedIp, "mail.example.com", "alice@example.com"));

        IReadOnlyList<DmarcFailureReportDecision> decisions = await new DmarcFailureReportDecider(new DmarcReportAuthorization(zone), new DmarcFailureReportRateLimiter()).DecideAsync(outcome);

        DmarcFailureReportDecision decision = Assert.Single(decisions);
        Assert.Equal(DmarcStatus.Fail, decision.Dmarc.Status);
        Assert.Equal(DmarcFailureReportTriggers.AllFailed | DmarcFailureReportTriggers.AnyFailed | DmarcFailureReportTriggers.DkimFailed | DmarcFailureReportTriggers.SpfFailed, DmarcFailureReportDecider.Match(decision.Dmarc));
    }
}
