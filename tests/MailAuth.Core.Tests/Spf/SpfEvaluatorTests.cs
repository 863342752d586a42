using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.AuthResults;
using MailAuth.Dns;
using MailAuth.Spf;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Spf;

public class SpfEvaluatorTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private static (SpfEvaluator Evaluator, ZoneFileResolver Zone) Create(SpfOptions? options = null)
    {
        var zone = new ZoneFileResolver();
        return (new SpfEvaluator(zone, options), zone);
    }

    [Fact]
    public async Task CheckHost_Ip4Match_PassesWithMechanismAndCounters()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 ip4:192.0.2.0/24 -all");

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");

        Assert.Equal(SpfStatus.Pass, result.Status);
        Assert.Equal("ip4:192.0.2.0/24", result.Mechanism);
        Assert.Equal(0, result.DnsLookups);
        Assert.Equal("pass", result.Keyword);
    }

    [Fact]
    public async Task CheckHost_DnsTermLimit_EnforcedBeforeTheEleventhLookup()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 " + string.Join(' ', Enumerable.Range(1, 11).Select(i => $"a:h{i}.example.com")) + " -all");
        for (int i = 1; i <= 11; i++)
        {
            zone.AddAddress($"h{i}.example.com", "198.51.100.1");
        }

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");

        Assert.Equal(SpfStatus.PermError, result.Status);
        Assert.Equal(10, result.DnsLookups);
        Assert.Equal(0, zone.GetQueryCount("h11.example.com", DnsRecordType.A));
        Assert.Contains("a:h11.example.com", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHost_DnsTermLimit_SpansIncludeAndRedirectAndIsConfigurable()
    {
        var (evaluator, zone) = Create(new SpfOptions { MaxDnsLookups = 2 });
        zone.AddTxt("example.com", "v=spf1 include:one.example.com redirect=two.example.com");
        zone.AddTxt("one.example.com", "v=spf1 -all");
        zone.AddTxt("two.example.com", "v=spf1 a -all");
        zone.AddAddress("two.example.com", Client);

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");

        Assert.Equal(SpfStatus.PermError, result.Status);
        Assert.Equal(2, result.DnsLookups);
        Assert.Equal(0, zone.GetQueryCount("two.example.com", DnsRecordType.A));
    }

    [Fact]
    public async Task CheckHost_VoidLookups_ThirdIsPermError()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 a:n1.example.com mx:n2.example.com exists:n3.example.com ip4:192.0.2.10");

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");

        Assert.Equal(SpfStatus.PermError, result.Status);
        Assert.Equal(3, result.VoidLookups);
        Assert.Contains("void", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHost_TooManyMxNames_PermErrorBeforeAddressLookups()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 mx -all");
        for (int i = 0; i < 11; i++)
        {
            zone.AddMx("example.com", i, $"mx{i}.example.com");
            zone.AddAddress($"mx{i}.example.com", Client);
        }

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");

        Assert.Equal(SpfStatus.PermError, result.Status);
        Assert.All(Enumerable.Range(0, 11), i => Assert.Equal(0, zone.GetQueryCount($"mx{i}.example.com", DnsRecordType.A)));
    }

    [Fact]
    public async Task CheckHost_PtrNamesBeyondLimit_Ignored()
    {
        var (evaluator, zone) = Create(new SpfOptions { MaxPtrNames = 2 });
        zone.AddTxt("example.com", "v=spf1 ptr -all");
        zone.AddPtr(Client, "a.other.net");
        zone.AddPtr(Client, "b.other.net");
        zone.AddPtr(Client, "mail.example.com");
        zone.AddAddress("a.other.net", Client);
        zone.AddAddress("b.other.net", Client);
        zone.AddAddress("mail.example.com", Client);

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");

        Assert.Equal(SpfStatus.Fail, result.Status);
        Assert.Equal(0, zone.GetQueryCount("mail.example.com", DnsRecordType.A));
    }

    [Theory]
    [InlineData(DnsStatus.Timeout)]
    [InlineData(DnsStatus.ServerFailure)]
    [InlineData(DnsStatus.Refused)]
    public async Task CheckHost_DnsFailure_IsTempError(DnsStatus status)
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 include:broken.example.net -all");
        zone.SetFault("broken.example.net", status);

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");

        Assert.Equal(SpfStatus.TempError, result.Status);
        Assert.Contains(status.ToString(), result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHost_IncludeOfDomainWithoutRecord_IsPermError()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 include:norecord.example.net -all");
        zone.AddAddress("norecord.example.net", Client);

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");

        Assert.Equal(SpfStatus.PermError, result.Status);
    }

    [Fact]
    public async Task CheckHost_TimeBudgetRunsOut_TempError()
    {
        var time = new FakeTimeProvider();
        var zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = time });
        zone.AddTxt("example.com", "v=spf1 a:slow.example.com -all");
        zone.SetLatency("slow.example.com", TimeSpan.FromSeconds(30));
        var evaluator = new SpfEvaluator(zone, new SpfOptions { Timeout = TimeSpan.FromSeconds(5), TimeProvider = time });

        ValueTask<SpfResult> pending = evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(6));
        SpfResult result = await pending;

        Assert.Equal(SpfStatus.TempError, result.Status);
        Assert.Contains("time budget", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHost_Cancelled_Throws()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 -all");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await evaluator.CheckHostAsync(Client, "example.com", "a@example.com", null, cts.Token));
    }

    [Fact]
    public async Task CheckHost_FailWithExp_ExpandsExplanation()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 -all exp=why.example.com");
        zone.AddTxt("why.example.com", "%{i} is not one of %{d}'s designated mail servers");

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "alice@example.com");

        Assert.Equal(SpfStatus.Fail, result.Status);
        Assert.Equal("192.0.2.10 is not one of example.com's designated mail servers", result.Explanation);
    }

    [Fact]
    public async Task CheckHost_FailWithoutExp_UsesDefaultExplanationOrNone()
    {
        var (evaluator, zone) = Create(new SpfOptions { DefaultExplanation = "See %{d}" });
        zone.AddTxt("example.com", "v=spf1 -all");

        Assert.Equal("See example.com", (await evaluator.CheckHostAsync(Client, "example.com", "a@example.com")).Explanation);
        Assert.Null((await new SpfEvaluator(zone).CheckHostAsync(Client, "example.com", "a@example.com")).Explanation);
        Assert.Throws<ArgumentException>(() => new SpfEvaluator(zone, new SpfOptions { DefaultExplanation = "%{x}" }));
    }

    [Fact]
    public async Task CheckMailFrom_EmptyReversePath_UsesPostmasterAtHelo()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("mail.example.com", "v=spf1 exists:%{l}.%{d} -all");
        zone.AddAddress("postmaster.mail.example.com", "127.0.0.2");

        SpfResult result = await evaluator.CheckMailFromAsync(Client, "", "mail.example.com");

        Assert.Equal(SpfStatus.Pass, result.Status);
        Assert.Equal("postmaster@mail.example.com", result.Sender);
        Assert.Equal(SpfIdentity.MailFrom, result.Identity);
    }

    [Fact]
    public async Task CheckHelo_ChecksHeloDomain()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("mail.example.com", "v=spf1 a -all");
        zone.AddAddress("mail.example.com", Client);

        SpfResult pass = await evaluator.CheckHeloAsync(Client, "mail.example.com");
        SpfResult literal = await evaluator.CheckHeloAsync(Client, "[192.0.2.10]");
        SpfResult single = await evaluator.CheckHeloAsync(Client, "localhost");

        Assert.Equal(SpfStatus.Pass, pass.Status);
        Assert.Equal(SpfIdentity.Helo, pass.Identity);
        Assert.Equal(SpfStatus.None, literal.Status);
        Assert.Equal(SpfStatus.None, single.Status);
    }

    [Theory]
    [InlineData("v=spf1 -all", "v=spf1 +all", "permerror")]
    [InlineData("v=spf1 ip4:192.0.2.10 bogus:x", null, "permerror")]
    [InlineData("hello world", null, "none")]
    [InlineData("v=spf1 redirect=nothing.example.net", null, "permerror")]
    [InlineData("v=spf1 ?all", null, "neutral")]
    [InlineData("v=spf1 ~ip4:192.0.2.0/28", null, "softfail")]
    public async Task CheckHost_BadOrOddRecords_GiveResultValues(string record, string? second, string expected)
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", record);
        if (second is not null)
        {
            zone.AddTxt("example.com", second);
        }

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "a@example.com");

        Assert.Equal(expected, result.Keyword);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Fact]
    public async Task CheckHost_Ipv4MappedClient_TreatedAsIpv4()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 ip4:192.0.2.10 -all");

        SpfResult result = await evaluator.CheckHostAsync(IPAddress.Parse("::ffff:192.0.2.10"), "example.com", "a@example.com");

        Assert.Equal(SpfStatus.Pass, result.Status);
    }

    [Fact]
    public async Task CheckHost_Concurrent_IsThreadSafe()
    {
        var (evaluator, zone) = Create();
        zone.AddTxt("example.com", "v=spf1 include:a.example.net include:b.example.net -all");
        zone.AddTxt("a.example.net", "v=spf1 ip4:198.51.100.0/24");
        zone.AddTxt("b.example.net", "v=spf1 ip4:192.0.2.0/24");

        SpfResult[] results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => evaluator.CheckHostAsync(Client, "example.com", "a@example.com").AsTask()));

        Assert.All(results, r => Assert.Equal(SpfStatus.Pass, r.Status));
    }
}

public class SpfEvaluatorPropertyTests
{
    private static readonly string[] Pieces =
    [
        "v=spf1", " ", "a", "mx", "ptr", "include:", "exists:", "redirect=", "exp=", "ip4:", "ip6:", "/24", "//64", "-all",
        "~", "?", "+", "%{i}", "%{ir}", "%{l1r-}", "%{d2}", "%{p}", "%{h}", "%{s}", "%{L}", "%%", "%_", "%-", "%", "{", "}",
        "x.example.com", "example.com", ".", "..", ":", "=", "192.0.2.1", "::1", "\u00e9", "\0", "\r\n",
    ];

    private static Arbitrary<string> Texts() => Gen.ListOf(Gen.Elements(Pieces)).Select(string.Concat).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property CheckHost_ArbitraryRecordsAndIdentities_NeverThrows()
    {
        return Prop.ForAll(Texts(), Texts(), Texts(), (record, local, helo) =>
        {
            var zone = new ZoneFileResolver();
            zone.AddTxt("example.com", record);
            zone.AddTxt("x.example.com", "v=spf1 " + record);
            zone.AddAddress("x.example.com", "192.0.2.1");
            var evaluator = new SpfEvaluator(zone, new SpfOptions { DefaultExplanation = "%{i} %{s} %{h}" });

            SpfResult result = evaluator.CheckMailFromAsync(IPAddress.Parse("192.0.2.1"), local + "@example.com", helo).AsTask().GetAwaiter().GetResult();
            string header = ReceivedSpfHeader.Format(result, helo);
            string authResults = AuthResultsFormatter.Format(new AuthResultsHeader("mx.example.org", [result.ToAuthMethodResult()]));
            return !string.IsNullOrEmpty(result.Reason) && header.StartsWith("Received-SPF: ", StringComparison.Ordinal)
                && authResults.Contains("spf=" + result.Keyword, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(nameof(SpfOptions.MaxDnsLookups), 0)]
    [InlineData(nameof(SpfOptions.MaxVoidLookups), -1)]
    [InlineData(nameof(SpfOptions.MaxMxNames), 0)]
    [InlineData(nameof(SpfOptions.MaxPtrNames), 0)]
    [InlineData(nameof(SpfOptions.MaxExplanationLength), 1)]
    [InlineData(nameof(SpfOptions.MaxParsedRecords), -1)]
    public void Options_OutOfRange_Rejected(string property, int value)
    {
        var options = new SpfOptions();
        typeof(SpfOptions).GetProperty(property)!.SetValue(options, value);
        var resolver = new ZoneFileResolver();

        Assert.Equal(property, Assert.Throws<ArgumentOutOfRangeException>(() => new SpfEvaluator(resolver, options)).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new SpfEvaluator(resolver, new SpfOptions { Timeout = TimeSpan.Zero })).ParamName);
    }

    [Fact]
    public void Options_Defaults_AreRfcValues()
    {
        var options = new SpfOptions();

        Assert.Equal(10, options.MaxDnsLookups);
        Assert.Equal(2, options.MaxVoidLookups);
        Assert.Equal(10, options.MaxMxNames);
        Assert.Equal(10, options.MaxPtrNames);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Equal("unknown", options.ReceiverName);
    }
}
