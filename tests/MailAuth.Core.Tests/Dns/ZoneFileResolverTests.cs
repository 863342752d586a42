using System.Net;
using MailAuth.Dns;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Dns;

public class ZoneFileResolverTests
{
    private const string Zone = """
        $ORIGIN example.com.
        $TTL 600
        @      IN SOA ns1 hostmaster 1 3600 900 604800 120
        @      IN NS ns1
        ns1    A 192.0.2.53
        @      300 TXT "v=spf1 " "-all"
        @      TXT "second"
        @      MX 10 mail
        mail   A 192.0.2.25
        mail   A 192.0.2.26
        mail   AAAA 2001:db8::25
        alias  CNAME mail
        hop1   CNAME hop2
        hop2   CNAME mail
        loop1  CNAME loop2
        loop2  CNAME loop1
        dangling CNAME nowhere
        x.y.deep TXT "deep"
        legacy SPF "v=spf1 -all"
        25.2.0.192.in-addr.arpa. PTR mail
        """;

    private static ZoneFileResolver Load(ZoneFileResolverOptions? options = null)
    {
        var resolver = new ZoneFileResolver(options);
        resolver.LoadZone(Zone);
        return resolver;
    }

    [Fact]
    public async Task QueryTxtAsync_MultiStringRecord_KeepsStrings()
    {
        var response = await Load().QueryTxtAsync("EXAMPLE.com.");

        Assert.Equal(DnsStatus.NoError, response.Status);
        Assert.Equal(2, response.Records.Count);
        Assert.Equal(["v=spf1 ", "-all"], response.Records[0].Strings);
        Assert.Equal("v=spf1 -all", response.Records[0].Text);
        Assert.Equal(TimeSpan.FromSeconds(300), response.TimeToLive);
    }

    [Fact]
    public async Task QueryAAsync_MultipleAddresses_ReturnsAll()
    {
        var response = await Load().QueryAAsync("mail.example.com");

        Assert.Equal([IPAddress.Parse("192.0.2.25"), IPAddress.Parse("192.0.2.26")], response.Records);
        Assert.Equal(TimeSpan.FromSeconds(600), response.TimeToLive);
    }

    [Fact]
    public async Task QueryMxAsync_RelativeExchange_IsAbsolute()
    {
        var response = await Load().QueryMxAsync("example.com");

        Assert.Equal([new MxRecord(10, "mail.example.com")], response.Records);
    }

    [Fact]
    public async Task QueryTxtAsync_NameWithOtherTypesOnly_IsNoData()
    {
        var response = await Load().QueryTxtAsync("mail.example.com");

        Assert.Equal(DnsStatus.NoError, response.Status);
        Assert.True(response.IsEmpty);
        Assert.Equal(TimeSpan.FromSeconds(120), response.TimeToLive);
    }

    [Fact]
    public async Task QueryTxtAsync_EmptyNonTerminal_IsNoData()
    {
        var resolver = Load();

        var ent = await resolver.QueryTxtAsync("y.deep.example.com");
        var leaf = await resolver.QueryTxtAsync("x.y.deep.example.com");

        Assert.Equal(DnsStatus.NoError, ent.Status);
        Assert.Empty(ent.Records);
        Assert.Equal("deep", Assert.Single(leaf.Records).Text);
    }

    [Fact]
    public async Task QueryTxtAsync_MissingName_IsNxDomainWithSoaMinimum()
    {
        var response = await Load().QueryTxtAsync("missing.example.com");

        Assert.Equal(DnsStatus.NxDomain, response.Status);
        Assert.True(response.IsEmpty);
        Assert.Equal(TimeSpan.FromSeconds(120), response.TimeToLive);
    }

    [Fact]
    public async Task QueryTxtAsync_NoSoa_UsesNegativeTtlOption()
    {
        var resolver = new ZoneFileResolver(new ZoneFileResolverOptions { NegativeTimeToLive = TimeSpan.FromSeconds(42) });
        resolver.AddTxt("a.example", "x");

        var response = await resolver.QueryTxtAsync("b.example");

        Assert.Equal(DnsStatus.NxDomain, response.Status);
        Assert.Equal(TimeSpan.FromSeconds(42), response.TimeToLive);
    }

    [Fact]
    public async Task QueryAAsync_CnameChain_FollowsToTarget()
    {
        var resolver = Load();

        var alias = await resolver.QueryAAsync("alias.example.com");
        var chain = await resolver.QueryAaaaAsync("hop1.example.com");

        Assert.Equal(2, alias.Records.Count);
        Assert.Equal([IPAddress.Parse("2001:db8::25")], chain.Records);
    }

    [Fact]
    public async Task QueryAAsync_CnameLoop_IsServerFailure()
    {
        var response = await Load().QueryAAsync("loop1.example.com");

        Assert.Equal(DnsStatus.ServerFailure, response.Status);
        Assert.Contains("CNAME", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAAsync_ChainLongerThanLimit_IsServerFailure()
    {
        var resolver = Load(new ZoneFileResolverOptions { MaxCnameChain = 1 });

        var response = await resolver.QueryAAsync("hop1.example.com");

        Assert.Equal(DnsStatus.ServerFailure, response.Status);
    }

    [Fact]
    public async Task QueryAAsync_DanglingCname_IsNxDomain()
    {
        var response = await Load().QueryAAsync("dangling.example.com");

        Assert.Equal(DnsStatus.NxDomain, response.Status);
    }

    [Theory]
    [InlineData("x.wild.example", DnsStatus.NoError, 1)]
    [InlineData("a.b.wild.example", DnsStatus.NoError, 1)]
    [InlineData("sub.wild.example", DnsStatus.NoError, 0)]
    [InlineData("a.sub.wild.example", DnsStatus.NxDomain, 0)]
    [InlineData("wild.example", DnsStatus.NoError, 0)]
    [InlineData("other.example", DnsStatus.NxDomain, 0)]
    public async Task QueryTxtAsync_Wildcard_Rfc4592ClosestEncloser(string name, DnsStatus status, int count)
    {
        var resolver = new ZoneFileResolver();
        resolver.LoadZone("*.wild TXT \"wildcard\"\nsub.wild A 192.0.2.1\n@ A 192.0.2.2\n", "example");

        var response = await resolver.QueryTxtAsync(name);

        Assert.Equal(status, response.Status);
        Assert.Equal(count, response.Records.Count);
    }

    [Fact]
    public async Task QueryAAsync_WildcardCname_Followed()
    {
        var resolver = new ZoneFileResolver();
        resolver.LoadZone("*.alias CNAME target\ntarget A 192.0.2.9\n", "example");

        var response = await resolver.QueryAAsync("anything.alias.example");

        Assert.Equal([IPAddress.Parse("192.0.2.9")], response.Records);
    }

    [Fact]
    public async Task QueryTxtAsync_SpfTypeRecord_NotServedAsTxt()
    {
        var resolver = Load();

        var txt = await resolver.QueryTxtAsync("legacy.example.com");
        var spf = await resolver.QuerySpfTypeAsync("legacy.example.com");

        Assert.Equal(DnsStatus.NoError, txt.Status);
        Assert.Empty(txt.Records);
        Assert.Equal("v=spf1 -all", Assert.Single(spf.Records).Text);
    }

    [Fact]
    public async Task QueryPtrAsync_IPv4_UsesInAddrArpa()
    {
        var response = await Load().QueryPtrAsync(IPAddress.Parse("192.0.2.25"));

        Assert.Equal(["mail.example.com"], response.Records);
    }

    [Fact]
    public async Task QueryPtrAsync_IPv6AddedInCode_UsesIp6Arpa()
    {
        var resolver = new ZoneFileResolver();
        var address = IPAddress.Parse("2001:db8::1");
        resolver.AddPtr(address, "host.example.");

        var response = await resolver.QueryPtrAsync(address);

        Assert.Equal(["host.example"], response.Records);
        Assert.Equal(1, resolver.GetPtrQueryCount(address));
    }

    [Theory]
    [InlineData("", DnsStatus.FormatError)]
    [InlineData("a..b", DnsStatus.FormatError)]
    [InlineData("has space.example", DnsStatus.FormatError)]
    public async Task QueryTxtAsync_InvalidName_ReturnsFormatError(string name, DnsStatus expected)
    {
        var response = await Load().QueryTxtAsync(name);

        Assert.Equal(expected, response.Status);
        Assert.NotNull(response.ErrorMessage);
    }

    [Fact]
    public async Task SetFault_ServerFailure_AnswersServerFailureForThatNameOnly()
    {
        var resolver = Load();
        resolver.SetFault("example.com", DnsStatus.ServerFailure);

        var failed = await resolver.QueryTxtAsync("example.com");
        var other = await resolver.QueryAAsync("mail.example.com");

        Assert.Equal(DnsStatus.ServerFailure, failed.Status);
        Assert.Equal(TimeSpan.Zero, failed.TimeToLive);
        Assert.Equal(DnsStatus.NoError, other.Status);
    }

    [Fact]
    public async Task SetFault_TypeSpecificTimeout_OnlyThatType()
    {
        var resolver = Load();
        resolver.SetFault("mail.example.com", DnsStatus.Timeout, DnsRecordType.Aaaa);

        var aaaa = await resolver.QueryAaaaAsync("mail.example.com");
        var a = await resolver.QueryAAsync("mail.example.com");

        Assert.Equal(DnsStatus.Timeout, aaaa.Status);
        Assert.Equal(DnsStatus.NoError, a.Status);
    }

    [Fact]
    public async Task SetFault_OnCnameTarget_AppliesThroughChain()
    {
        var resolver = Load();
        resolver.SetFault("mail.example.com", DnsStatus.Refused);

        var response = await resolver.QueryAAsync("alias.example.com");

        Assert.Equal(DnsStatus.Refused, response.Status);
    }

    [Fact]
    public async Task ClearFault_RemovesInjectedFailure()
    {
        var resolver = Load();
        resolver.SetFault("example.com", DnsStatus.ServerFailure);
        resolver.ClearFault("example.com");

        var response = await resolver.QueryTxtAsync("example.com");

        Assert.Equal(DnsStatus.NoError, response.Status);
    }

    [Fact]
    public void SetFault_NoError_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZoneFileResolver().SetFault("a.example", DnsStatus.NoError));
    }

    [Fact]
    public async Task SetLatency_FakeClock_CompletesOnlyAfterAdvance()
    {
        var clock = new FakeTimeProvider();
        var resolver = Load(new ZoneFileResolverOptions { TimeProvider = clock });
        resolver.SetLatency("example.com", TimeSpan.FromSeconds(5));

        var pending = resolver.QueryTxtAsync("example.com").AsTask();
        clock.Advance(TimeSpan.FromSeconds(4));
        bool doneEarly = pending.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(1));
        var response = await pending;

        Assert.False(doneEarly);
        Assert.Equal(DnsStatus.NoError, response.Status);
    }

    [Fact]
    public async Task SetLatency_Cancelled_ThrowsOperationCanceled()
    {
        var clock = new FakeTimeProvider();
        var resolver = Load(new ZoneFileResolverOptions { TimeProvider = clock });
        resolver.SetLatency("example.com", TimeSpan.FromMinutes(1));
        using var cts = new CancellationTokenSource();

        var pending = resolver.QueryTxtAsync("example.com", cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task QueryTxtAsync_CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Load().QueryTxtAsync("example.com", cts.Token).AsTask());
    }

    [Fact]
    public void LoadZone_CnameWithOtherData_ThrowsWithLine()
    {
        var resolver = new ZoneFileResolver();

        var e = Assert.Throws<ZoneFileFormatException>(() => resolver.LoadZone("$ORIGIN example.\na TXT x\na CNAME b\n"));

        Assert.Equal(3, e.LineNumber);
    }

    [Fact]
    public async Task TryLoadZone_BadLine_AddsNothing()
    {
        var resolver = new ZoneFileResolver();

        bool ok = resolver.TryLoadZone("$ORIGIN example.\na TXT x\nb A nope\n", null, out var error);
        var response = await resolver.QueryTxtAsync("a.example");

        Assert.False(ok);
        Assert.Equal(3, error!.LineNumber);
        Assert.Equal(DnsStatus.NxDomain, response.Status);
    }

    [Fact]
    public void AddCname_NameWithRecords_ThrowsInvalidOperation()
    {
        var resolver = new ZoneFileResolver();
        resolver.AddTxt("a.example", "x");

        Assert.Throws<InvalidOperationException>(() => resolver.AddCname("a.example", "b.example"));
    }

    [Fact]
    public async Task AddTxt_Duplicate_StoredOnce()
    {
        var resolver = new ZoneFileResolver();
        resolver.AddTxt("a.example", "x");
        resolver.AddTxt("A.example.", "x");

        var response = await resolver.QueryTxtAsync("a.example");

        Assert.Single(response.Records);
    }

    [Fact]
    public async Task QueryCount_CountsEveryQuery()
    {
        var resolver = Load();

        await resolver.QueryTxtAsync("example.com");
        await resolver.QueryTxtAsync("Example.com.");
        await resolver.QueryAAsync("example.com");

        Assert.Equal(3, resolver.QueryCount);
        Assert.Equal(2, resolver.GetQueryCount("example.com", DnsRecordType.Txt));
    }

    [Fact]
    public async Task FromFile_LoadsFileWithOrigin()
    {
        string path = Path.Combine(Path.GetTempPath(), $"zone-{Guid.NewGuid():N}.zone");
        await File.WriteAllTextAsync(path, "@ TXT \"apex\"\nwww A 192.0.2.1\n");
        try
        {
            var resolver = ZoneFileResolver.FromFile(path, "example.net");

            var txt = await resolver.QueryTxtAsync("example.net");
            var a = await resolver.QueryAAsync("www.example.net");

            Assert.Equal("apex", Assert.Single(txt.Records).Text);
            Assert.Single(a.Records);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Queries_ConcurrentWithLoads_AreConsistent()
    {
        var resolver = new ZoneFileResolver();
        var writers = Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                resolver.AddTxt($"n{i}.example", "v");
            }
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 200; i++)
            {
                var r = await resolver.QueryTxtAsync($"n{i}.example");
                Assert.True(r.Status is DnsStatus.NoError or DnsStatus.NxDomain);
            }
        }));

        await Task.WhenAll(readers.Append(writers));

        Assert.Equal(DnsStatus.NoError, (await resolver.QueryTxtAsync("n199.example")).Status);
    }
}
