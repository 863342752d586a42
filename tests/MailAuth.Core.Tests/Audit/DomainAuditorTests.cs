using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Audit;
using MailAuth.Dns;
using MailAuth.Spf;
using MailAuth.Tests.Spf;
using MailAuth.Text;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Audit;

public sealed class DomainAuditorTests
{
    private static readonly IPAddress Unlisted = IPAddress.Parse("192.0.2.99");

    [Fact]
    public void SignalOf_HighestSeverityDecides()
    {
        static AuditFinding F(AuditSeverity s) => new(s, AuditCodes.DkimKeyOk, "m");

        Assert.Equal(AuditSignal.Green, AuditResult.SignalOf([]));
        Assert.Equal(AuditSignal.Green, AuditResult.SignalOf([F(AuditSeverity.Info)]));
        Assert.Equal(AuditSignal.Yellow, AuditResult.SignalOf([F(AuditSeverity.Info), F(AuditSeverity.Warning)]));
        Assert.Equal(AuditSignal.Red, AuditResult.SignalOf([F(AuditSeverity.Warning), F(AuditSeverity.Error), F(AuditSeverity.Info)]));
    }

    [Fact]
    public async Task AuditAsync_AllGreenDomain_GreenWithoutWarnings()
    {
        AuditResult result = await AuditZones.AuditAsync(string.Empty, AuditZones.Profile());

        Assert.Equal(AuditSignal.Green, result.Signal);
        Assert.All(result.Findings, f => Assert.Equal(AuditSeverity.Info, f.Severity));
        Assert.StartsWith("green: 0 error(s), 0 warning(s)", result.Summary, StringComparison.Ordinal);
        Assert.Contains(result.Findings, f => f.Code == AuditCodes.DmarcProfilePasses && f.Message.Contains("SPF and DKIM are both aligned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditAsync_TypicalEspCustomer_GreenThroughDkim()
    {
        // The ESP sends from 203.0.113.0/24 with its own envelope domain; the customer includes the ESP in its SPF record
        // (for carriers that check the From domain) and publishes the ESP-generated key under its own domain.
        const string records = """
            @ TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.esp.test -all"
            esp1._domainkey TXT {RSA2048}
            """;
        const string esp = """
            _spf.esp.test. TXT "v=spf1 ip4:203.0.113.0/24 -all"
            bounce.esp.test. TXT "v=spf1 include:_spf.esp.test -all"
            """;
        AuditResult result = await AuditZones.AuditAsync(records, AuditZones.Profile(envelope: "bounce.esp.test", selectors: ["esp1"], ip: "203.0.113.5"), extraZone: esp);

        Assert.Equal(AuditSignal.Green, result.Signal);
        Assert.Contains(result.Findings, f => f.Code == AuditCodes.DmarcSingleAlignment);
        Assert.DoesNotContain(result.Findings, f => f.Code == AuditCodes.FromSpfIpFails);
    }

    [Fact]
    public async Task AuditAsync_HostingRedirect_AdviceAndPass()
    {
        const string records = "@ TXT \"v=spf1 redirect=_spf.hosting.test\"";
        const string hosting = "_spf.hosting.test. TXT \"v=spf1 ip4:198.51.100.0/24 -all\"";
        AuditResult result = await AuditZones.AuditAsync(records, AuditZones.Profile(ip: "198.51.100.20"), extraZone: hosting);

        AuditFinding advice = result.Findings.Single(f => f.Code == AuditCodes.SpfDelegation);
        Assert.Contains("figure 6-7", advice.Message, StringComparison.Ordinal);
        Assert.Equal("v=spf1 redirect=_spf.hosting.test".IndexOf("redirect", StringComparison.Ordinal), advice.Position);
        Assert.Contains(result.Findings, f => f.Code == AuditCodes.SpfProfileIpPasses);
        Assert.Equal(AuditSignal.Green, result.Signal);
        Assert.Equal((1L, 0L), result.SpfCounts); // redirect= counts; the target's ip4 does not
    }

    [Fact]
    public async Task AuditAsync_BrokenIncludeChain_Red()
    {
        const string records = """
            @ TXT "v=spf1 include:a.example.test ip4:192.0.2.0/24 -all"
            a TXT "v=spf1 include:b.example.test"
            b TXT "not an spf record"
            """;
        AuditResult result = await AuditZones.AuditAsync(records, AuditZones.Profile());

        AuditFinding broken = result.Findings.Single(f => f.Code == AuditCodes.SpfIncludeBroken);
        Assert.Contains("b.example.test has no SPF record", broken.Message, StringComparison.Ordinal);
        Assert.Equal(AuditSignal.Red, result.Signal);
    }

    [Fact]
    public async Task AuditAsync_IncludeLoop_BoundedAndRed()
    {
        const string records = """
            @ TXT "v=spf1 include:l1.example.test -all"
            l1 TXT "v=spf1 include:l2.example.test"
            l2 TXT "v=spf1 include:l1.example.test"
            """;
        var zone = AuditZones.Resolver(records);
        AuditResult result = await new DomainAuditor(zone).AuditAsync(AuditZones.Domain, AuditZones.Profile());

        Assert.Contains(result.Findings, f => f.Code == AuditCodes.SpfIncludeLoop);
        Assert.Contains(result.Findings, f => f.Code == AuditCodes.SpfTooManyLookups);
        Assert.Equal(1, zone.GetQueryCount("l1.example.test", DnsRecordType.Txt));
        Assert.Equal(AuditSignal.Red, result.Signal);
    }

    [Fact]
    public async Task AuditAsync_IncludeFanOutExplosion_CountSaturatesOneQueryPerName()
    {
        // Twelve levels, each including the next level ten times: 10^12 look-ups for a receiver, twelve names to fetch.
        string records = string.Join('\n', Enumerable.Range(1, 12).Select(i =>
            $"f{i} TXT {Strings(Enumerable.Repeat($"include:f{i + 1}.example.test", 10))}"))
            + "\nf13 TXT \"v=spf1 ip4:198.51.100.1\"\n@ TXT \"v=spf1 include:f1.example.test ip4:192.0.2.0/24 -all\"";
        var zone = AuditZones.Resolver(records);
        AuditResult result = await new DomainAuditor(zone, new DomainAuditorOptions { MaxIncludeDepth = 20 }).AuditAsync(AuditZones.Domain, null);

        Assert.Contains(result.Findings, f => f.Code == AuditCodes.SpfTooManyLookups && f.Message.Contains("unbounded", StringComparison.Ordinal));
        Assert.True(result.DnsQueries < 40, $"{result.DnsQueries} queries");
        Assert.Equal(1, zone.GetQueryCount("f7.example.test", DnsRecordType.Txt));
    }

    [Fact]
    public async Task AuditAsync_DistinctNameFanOut_StopsAtQueryBudget()
    {
        // 30 records of 30 includes of distinct names: 900 names, more than the budget lets the audit fetch.
        var lines = new List<string> { "@ TXT " + Strings(Enumerable.Range(0, 30).Select(i => $"include:g{i}.example.test").Append("-all")) };
        lines.AddRange(Enumerable.Range(0, 30).Select(i => $"g{i} TXT {Strings(Enumerable.Range(0, 30).Select(j => $"include:h{i}x{j}.example.test"))}"));
        var zone = AuditZones.Resolver(string.Join('\n', lines));
        AuditResult result = await new DomainAuditor(zone, new DomainAuditorOptions { MaxDnsQueries = 50 }).AuditAsync(AuditZones.Domain, AuditZones.Profile());

        Assert.True(zone.QueryCount <= 50, $"{zone.QueryCount} queries reached the resolver");
        Assert.Contains(result.Findings, f => f.Code == AuditCodes.Incomplete);
        Assert.NotEqual(AuditSignal.Green, result.Signal);
    }

    [Fact]
    public async Task AuditAsync_TenThousandStringTxt_FindingsWithinRecord()
    {
        var zone = AuditZones.Resolver("@ TXT DELETE");
        var strings = new string[10_000];
        strings[0] = "v=spf1 ";
        for (int i = 1; i < strings.Length; i++)
        {
            strings[i] = $"ip4:10.{i / 256 % 256}.{i % 256}.1 ";
        }

        strings[^1] = "-all";
        zone.AddTxt("example.test", new TxtRecord(strings));
        AuditResult result = await new DomainAuditor(zone).AuditAsync(AuditZones.Domain, AuditZones.Profile());

        Assert.Contains(result.Findings, f => f.Code == AuditCodes.SpfRecordTooLong);
        Assert.All(result.Findings, f => Assert.True(f.Position is null || (f.Record is not null && f.Position < f.Record.Length)));
    }

    [Fact]
    public async Task AuditAsync_EscapesInRecords_MessagesAndRecordsHaveNoControls()
    {
        var zone = AuditZones.Resolver("@ TXT DELETE\n_dmarc TXT DELETE");
        zone.AddTxt("example.test", "v=spf1 include:x\r\nInjected: 1\u001b[2J.example.test \u202e-all");
        zone.AddTxt("_dmarc.example.test", "v=DMARC1; p=none; rua=mailto:a@evil\r\n.test");
        AuditResult result = await new DomainAuditor(zone).AuditAsync(AuditZones.Domain, AuditZones.Profile());

        Assert.NotEmpty(result.Findings);
        Assert.All(result.Findings, f => AssertPrintable(f.Message + f.Record + f.Name));
        AssertPrintable(result.Summary);
    }

    [Fact]
    public async Task AuditAsync_SlowDnsBeyondBudget_IncompleteWithoutWaiting()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = time });
        zone.LoadZone(AuditZones.Keys("$ORIGIN example.test.\n$TTL 3600\n@ SOA ns hostmaster 1 3600 900 604800 300\n" + AuditZones.Base + "\n"), "example.test.");
        zone.SetLatency("_dmarc.example.test", TimeSpan.FromHours(1));
        var auditor = new DomainAuditor(zone, new DomainAuditorOptions { TimeProvider = time, Timeout = TimeSpan.FromSeconds(30) });

        AuditResult result = await DriveAsync(time, auditor.AuditAsync(AuditZones.Domain, AuditZones.Profile()).AsTask());

        Assert.Contains(result.Findings, f => f.Code == AuditCodes.Incomplete);
        Assert.Contains(result.Findings, f => f.Code == AuditCodes.DnsFailure && f.Name == "_dmarc.example.test");
        Assert.Equal(AuditSignal.Red, result.Signal);
    }

    [Fact]
    public async Task AuditAsync_SlowAnswerWithinBudget_DnsSlowWarning()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = time });
        zone.LoadZone(AuditZones.Keys("$ORIGIN example.test.\n$TTL 3600\n@ SOA ns hostmaster 1 3600 900 604800 300\n" + AuditZones.Base + "\n"), "example.test.");
        zone.SetLatency("example.test", TimeSpan.FromSeconds(5), DnsRecordType.Txt);
        var auditor = new DomainAuditor(zone, new DomainAuditorOptions { TimeProvider = time, Timeout = TimeSpan.FromMinutes(5) });

        AuditResult result = await DriveAsync(time, auditor.AuditAsync(AuditZones.Domain, AuditZones.Profile()).AsTask());

        Assert.Contains(result.Findings, f => f.Code == AuditCodes.DnsSlow && f.Name == "example.test");
        Assert.DoesNotContain(result.Findings, f => f.Code == AuditCodes.Incomplete);
        Assert.Equal(AuditSignal.Yellow, result.Signal);
    }

    [Fact]
    public async Task AuditAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var auditor = new DomainAuditor(AuditZones.Resolver(string.Empty));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => auditor.AuditAsync(AuditZones.Domain, null, cancelled.Token).AsTask());
    }

    [Theory]
    [InlineData(nameof(DomainAuditorOptions.MaxDnsQueries))]
    [InlineData(nameof(DomainAuditorOptions.MaxIncludeDepth))]
    [InlineData(nameof(DomainAuditorOptions.Timeout))]
    [InlineData(nameof(DomainAuditorOptions.ShortTimeToLive))]
    public void Constructor_OptionOutOfRange_NamesOption(string option)
    {
        DomainAuditorOptions options = option switch
        {
            nameof(DomainAuditorOptions.MaxDnsQueries) => new() { MaxDnsQueries = 0 },
            nameof(DomainAuditorOptions.MaxIncludeDepth) => new() { MaxIncludeDepth = 0 },
            nameof(DomainAuditorOptions.Timeout) => new() { Timeout = TimeSpan.Zero },
            _ => new() { ShortTimeToLive = TimeSpan.FromDays(2) },
        };

        var ex = Assert.ThrowsAny<ArgumentException>(() => new DomainAuditor(new ZoneFileResolver(), options));
        Assert.Equal(option, ex.ParamName);
    }

    /// <summary>Arbitrary text at the SPF, DMARC and DKIM names never makes the audit throw, and positions stay in the record.</summary>
    [Property(MaxTest = 300)]
    public Property AuditAsync_ArbitraryTxt_NeverThrowsPositionsInBounds()
    {
        Gen<string> text = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty),
            Gen.Elements("v=spf1 ", "v=DMARC1; ", "v=DKIM1; ", "include:", "a:", "p=", "pct=", "rua=mailto:", "redirect=", "%{i}", "\r\n", "\u001b[", ";", " ", "all", "-", "+", "ip4:1.2.3.4/", "exists:")
                .ListOf().Select(parts => string.Concat(parts)));
        Gen<string[]> record = text.ListOf().Select(list => list.Take(4).DefaultIfEmpty(string.Empty).ToArray());
        return Prop.ForAll((from spf in record from dmarc in record from dkim in record select (spf, dmarc, dkim)).ToArbitrary(), t =>
        {
            var zone = new ZoneFileResolver();
            zone.AddTxt("example.test", new TxtRecord(t.spf));
            zone.AddTxt("_dmarc.example.test", new TxtRecord(t.dmarc));
            zone.AddTxt("s1._domainkey.example.test", new TxtRecord(t.dkim));
            zone.AddTxt("x.example.test", new TxtRecord(t.spf));
            AuditResult result = new DomainAuditor(zone).AuditAsync(AuditZones.Domain, AuditZones.Profile(selectors: ["s1"])).AsTask().GetAwaiter().GetResult();
            return result.Findings.All(f => (f.Position is null || (f.Record is not null && f.Position >= 0 && f.Position < f.Record.Length))
                    && Printable(f.Message) && Printable(f.Record) && Printable(f.Name))
                && result.Signal == AuditResult.SignalOf(result.Findings);
        });
    }

    /// <summary>The audit's worst-case look-up count is what <see cref="SpfEvaluator"/> counts for a client no term matches.</summary>
    [Property(MaxTest = 200)]
    public Property AuditAsync_GeneratedIncludeTree_CountMatchesEvaluator()
    {
        // Domain i's record: terms drawn from ip4 (no look-up), a/mx/exists to existing names, include/redirect to a higher
        // domain (a tree/DAG, no loops), optionally a final all (sometimes +all, which makes an include always match).
        Gen<string> term = Gen.Elements("ip4:10.0.0.1", "a:h.example.test", "mx:m.example.test", "exists:h.example.test", "a:gone.example.test", "INCLUDE", "INCLUDE", "INCLUDE");
        Gen<string> end = Gen.Elements(string.Empty, string.Empty, " -all", " ~all", " ?all", " +all", " REDIRECT");
        Gen<(string[] Terms, string End)> record = from terms in term.ListOf().Select(l => l.Take(5).ToArray()) from e in end select (terms, e);
        Gen<(string[] Terms, string End)[]> tree = record.ListOf().Select(l => l.Take(6).ToArray()).Where(l => l.Length > 0);
        return Prop.ForAll(Gen.Zip(tree, Gen.Choose(0, 100000)).ToArbitrary(), input =>
        {
            ((string[] Terms, string End)[] records, int seed) = input;
            var random = new Random(seed);
            var zone = new ZoneFileResolver();
            zone.AddAddress("h.example.test", "198.51.100.1");
            zone.AddMx("m.example.test", 10, "h.example.test");
            for (int i = 0; i < records.Length; i++)
            {
                string Target() => i + 1 < records.Length ? $"d{random.Next(i + 1, records.Length)}.example.test" : "h.example.test";
                string body = string.Join(' ', records[i].Terms.Select(t => t == "INCLUDE" ? (i + 1 < records.Length ? "include:" + Target() : "ip4:10.0.0.2") : t));
                string tail = records[i].End == " REDIRECT" ? (i + 1 < records.Length ? " redirect=" + Target() : string.Empty) : records[i].End;
                zone.AddTxt(i == 0 ? "example.test" : $"d{i}.example.test", $"v=spf1 {body}{tail}");
            }

            zone.AddTxt("h.example.test", "v=spf1 -all");
            AuditResult audit = new DomainAuditor(zone).AuditAsync(AuditZones.Domain, null).AsTask().GetAwaiter().GetResult();
            SpfResult spf = new SpfEvaluator(zone).CheckHostAsync(Unlisted, AuditZones.Domain, "postmaster@example.test").AsTask().GetAwaiter().GetResult();
            (long lookups, long voids) = audit.SpfCounts;
            if (voids > 2)
            {
                return (spf.Problem is SpfProblem.TooManyVoidLookups or SpfProblem.TooManyDnsLookups).Label($"voids {voids}: {spf}");
            }

            return (lookups > 10
                ? spf.Problem == SpfProblem.TooManyDnsLookups
                : spf.DnsLookups == lookups && spf.VoidLookups == voids && spf.Problem != SpfProblem.TooManyDnsLookups)
                .Label($"audit {lookups}/{voids}, evaluator {spf}");
        });
    }

    /// <summary>
    /// The RFC 7208 suite's "Processing limits" cases that state permerror for too many look-ups: the audit counts more
    /// than 10 for each, and the at-limit case 10; include-at-limit passes in the suite only because its client IP
    /// matches before the last term, so its worst case (11, for a client not listed) is over.
    /// </summary>
    [Theory]
    [InlineData("redirect-loop", 11)]
    [InlineData("include-loop", 11)]
    [InlineData("mech-over-limit", 11)]
    [InlineData("include-over-limit", 11)]
    [InlineData("mech-at-limit", 10)]
    [InlineData("include-at-limit", 11)]
    public async Task AuditAsync_ConformanceLookupLimitCases_CountAgrees(string test, long atLeast)
    {
        SpfSuiteCase c = SpfSuiteScenario.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "spf", "rfc7208-tests.yml"))
            .Single(x => x.Scenario == "Processing limits" && x.Name == test);
        var resolver = new SpfSuiteResolver(c.Zone);
        string domain = c.MailFrom[(c.MailFrom.IndexOf('@', StringComparison.Ordinal) + 1)..];

        AuditResult result = await new DomainAuditor(resolver).AuditAsync(domain, null);
        SpfResult unlisted = await new SpfEvaluator(resolver).CheckHostAsync(IPAddress.Parse("203.0.113.99"), domain, "postmaster@" + domain);

        long lookups = result.SpfCounts.Lookups;
        Assert.True(atLeast > 10 ? lookups > 10 : lookups == atLeast, $"audit counted {lookups}");
        Assert.Equal(lookups > 10, result.Findings.Any(f => f.Code == AuditCodes.SpfTooManyLookups));
        if (c.Results.SequenceEqual(["permerror"]))
        {
            Assert.True(lookups > 10);
        }

        // A client the record does not list meets the same limit (or, in mech-over-limit, the void limit first: e7 has no MX).
        SpfProblem expected = result.SpfCounts.Voids > 2 ? SpfProblem.TooManyVoidLookups : SpfProblem.TooManyDnsLookups;
        Assert.Equal(lookups > 10, unlisted.Problem == expected);
    }

    private static async Task<AuditResult> DriveAsync(FakeTimeProvider time, Task<AuditResult> audit)
    {
        // Advance the fake clock in small steps until the audit is done: no wall-clock waiting, no timing assertion.
        for (int step = 0; !audit.IsCompleted && step < 100_000; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Yield();
            if (!audit.IsCompleted)
            {
                await Task.WhenAny(audit, Task.Delay(1));
            }
        }

        return await audit;
    }

    // An SPF record as zone-file character-strings, one term per string (each under 255 octets).
    private static string Strings(IEnumerable<string> terms) => "\"v=spf1\"" + string.Concat(terms.Select(t => $" \" {t}\""));

    private static bool Printable(string? text) => text is null || !text.Any(ReasonText.NeedsEscape);

    private static void AssertPrintable(string? text) => Assert.True(Printable(text), text);
}
