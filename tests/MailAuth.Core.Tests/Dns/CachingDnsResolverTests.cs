using System.Net;
using MailAuth.Dns;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Dns;

public class CachingDnsResolverTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly ZoneFileResolver _zone;

    public CachingDnsResolverTests()
    {
        _zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = _clock, NegativeTimeToLive = TimeSpan.FromSeconds(30) });
        _zone.AddTxt("a.example", new TxtRecord("v=spf1 -all"), TimeSpan.FromSeconds(60));
        _zone.AddAddress("a.example", IPAddress.Parse("192.0.2.1"), TimeSpan.FromSeconds(10));
        _zone.AddMx("a.example", 10, "mx.a.example", TimeSpan.FromDays(30));
        _zone.AddPtr(IPAddress.Parse("192.0.2.1"), "a.example", TimeSpan.FromSeconds(60));
    }

    private CachingDnsResolver Create(CachingDnsResolverOptions? options = null)
    {
        return new CachingDnsResolver(_zone, options ?? new CachingDnsResolverOptions { TimeProvider = _clock });
    }

    [Fact]
    public async Task QueryTxtAsync_WithinTtl_AnswersFromCacheWithRemainingTtl()
    {
        var cache = Create();

        await cache.QueryTxtAsync("a.example");
        _clock.Advance(TimeSpan.FromSeconds(20));
        var second = await cache.QueryTxtAsync("A.EXAMPLE.");

        Assert.Equal(1, _zone.GetQueryCount("a.example", DnsRecordType.Txt));
        Assert.Equal("v=spf1 -all", Assert.Single(second.Records).Text);
        Assert.Equal(TimeSpan.FromSeconds(40), second.TimeToLive);
    }

    [Fact]
    public async Task QueryMxAsync_HugeMaximumTtlNearEndOfTime_SaturatesInsteadOfThrowing()
    {
        // Issue 8 item 10: now + TTL overflowed DateTimeOffset when the maximum TTL option allowed it.
        var clock = new FakeTimeProvider(DateTimeOffset.MaxValue - TimeSpan.FromDays(1));
        var zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = clock });
        zone.AddMx("a.example", 10, "mx.a.example", TimeSpan.FromDays(30));
        var cache = new CachingDnsResolver(zone, new CachingDnsResolverOptions { TimeProvider = clock, MaxTimeToLive = TimeSpan.MaxValue });

        var first = await cache.QueryMxAsync("a.example");
        var second = await cache.QueryMxAsync("a.example");

        Assert.Equal(DnsStatus.NoError, first.Status);
        Assert.Equal(DnsStatus.NoError, second.Status);
        Assert.Equal(1, zone.GetQueryCount("a.example", DnsRecordType.Mx));
    }

    [Fact]
    public async Task QueryTxtAsync_AfterTtl_AsksAgain()
    {
        var cache = Create();

        await cache.QueryTxtAsync("a.example");
        _clock.Advance(TimeSpan.FromSeconds(60));
        await cache.QueryTxtAsync("a.example");

        Assert.Equal(2, _zone.GetQueryCount("a.example", DnsRecordType.Txt));
    }

    [Fact]
    public async Task Query_DifferentTypesSameName_CachedSeparately()
    {
        var cache = Create();

        var txt = await cache.QueryTxtAsync("a.example");
        var a = await cache.QueryAAsync("a.example");
        var a2 = await cache.QueryAAsync("a.example");

        Assert.Single(txt.Records);
        Assert.Equal(a.Records, a2.Records);
        Assert.Equal(1, _zone.GetQueryCount("a.example", DnsRecordType.A));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task QueryMxAsync_TtlAboveMaximum_ClampedToMaximum()
    {
        var cache = Create(new CachingDnsResolverOptions { TimeProvider = _clock, MaxTimeToLive = TimeSpan.FromMinutes(5) });

        await cache.QueryMxAsync("a.example");
        _clock.Advance(TimeSpan.FromMinutes(4));
        var cached = await cache.QueryMxAsync("a.example");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await cache.QueryMxAsync("a.example");

        Assert.Equal(TimeSpan.FromMinutes(1), cached.TimeToLive);
        Assert.Equal(2, _zone.GetQueryCount("a.example", DnsRecordType.Mx));
    }

    [Fact]
    public async Task QueryAAsync_TtlBelowMinimum_KeptForMinimum()
    {
        var cache = Create(new CachingDnsResolverOptions { TimeProvider = _clock, MinTimeToLive = TimeSpan.FromSeconds(30) });

        await cache.QueryAAsync("a.example");
        _clock.Advance(TimeSpan.FromSeconds(25));
        await cache.QueryAAsync("a.example");

        Assert.Equal(1, _zone.GetQueryCount("a.example", DnsRecordType.A));
    }

    [Fact]
    public async Task QueryTxtAsync_NxDomain_CachedForNegativeTtl()
    {
        var cache = Create();

        var first = await cache.QueryTxtAsync("missing.example");
        _clock.Advance(TimeSpan.FromSeconds(29));
        var second = await cache.QueryTxtAsync("missing.example");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await cache.QueryTxtAsync("missing.example");

        Assert.Equal(DnsStatus.NxDomain, first.Status);
        Assert.Equal(DnsStatus.NxDomain, second.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), second.TimeToLive);
        Assert.Equal(2, _zone.GetQueryCount("missing.example", DnsRecordType.Txt));
    }

    [Fact]
    public async Task QueryAaaaAsync_NoData_CachedAndClampedToNegativeMaximum()
    {
        var cache = Create(new CachingDnsResolverOptions { TimeProvider = _clock, MaxNegativeTimeToLive = TimeSpan.FromSeconds(5) });

        var first = await cache.QueryAaaaAsync("a.example");
        _clock.Advance(TimeSpan.FromSeconds(4));
        await cache.QueryAaaaAsync("a.example");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await cache.QueryAaaaAsync("a.example");

        Assert.Equal(DnsStatus.NoError, first.Status);
        Assert.Empty(first.Records);
        Assert.Equal(2, _zone.GetQueryCount("a.example", DnsRecordType.Aaaa));
    }

    [Theory]
    [InlineData(DnsStatus.ServerFailure)]
    [InlineData(DnsStatus.Timeout)]
    public async Task QueryTxtAsync_TransientFailure_NotCachedByDefault(DnsStatus failure)
    {
        var cache = Create();
        _zone.SetFault("a.example", failure);

        var first = await cache.QueryTxtAsync("a.example");
        _zone.ClearFaults();
        var second = await cache.QueryTxtAsync("a.example");

        Assert.Equal(failure, first.Status);
        Assert.Equal(DnsStatus.NoError, second.Status);
    }

    [Fact]
    public async Task QueryTxtAsync_TransientFailureWithOption_CachedBriefly()
    {
        var cache = Create(new CachingDnsResolverOptions { TimeProvider = _clock, TransientFailureTimeToLive = TimeSpan.FromSeconds(10) });
        _zone.SetFault("a.example", DnsStatus.ServerFailure);

        await cache.QueryTxtAsync("a.example");
        _zone.ClearFaults();
        var cached = await cache.QueryTxtAsync("a.example");
        _clock.Advance(TimeSpan.FromSeconds(10));
        var fresh = await cache.QueryTxtAsync("a.example");

        Assert.Equal(DnsStatus.ServerFailure, cached.Status);
        Assert.Equal(DnsStatus.NoError, fresh.Status);
    }

    [Fact]
    public async Task Store_OverMaximumEntries_EvictsLeastRecentlyUsed()
    {
        for (int i = 0; i < 3; i++)
        {
            _zone.AddTxt($"n{i}.example", "x");
        }

        var cache = Create(new CachingDnsResolverOptions { TimeProvider = _clock, MaxEntries = 2 });

        await cache.QueryTxtAsync("n0.example");
        await cache.QueryTxtAsync("n1.example");
        await cache.QueryTxtAsync("n0.example");
        await cache.QueryTxtAsync("n2.example");
        await cache.QueryTxtAsync("n0.example");
        await cache.QueryTxtAsync("n1.example");

        Assert.Equal(2, cache.Count);
        Assert.Equal(1, _zone.GetQueryCount("n0.example", DnsRecordType.Txt));
        Assert.Equal(2, _zone.GetQueryCount("n1.example", DnsRecordType.Txt));
    }

    [Fact]
    public async Task MaximumEntriesZero_NeverCaches()
    {
        var cache = Create(new CachingDnsResolverOptions { TimeProvider = _clock, MaxEntries = 0 });

        await cache.QueryTxtAsync("a.example");
        await cache.QueryTxtAsync("a.example");

        Assert.Equal(0, cache.Count);
        Assert.Equal(2, _zone.GetQueryCount("a.example", DnsRecordType.Txt));
    }

    [Fact]
    public async Task ConcurrentIdenticalQueries_CoalescedIntoOne()
    {
        var cache = Create(new CachingDnsResolverOptions { TimeProvider = _clock, MaxEntries = 0 });
        _zone.SetLatency("a.example", TimeSpan.FromSeconds(1));

        var pending = Enumerable.Range(0, 10).Select(_ => cache.QueryTxtAsync("a.example").AsTask()).ToList();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var responses = await Task.WhenAll(pending);

        Assert.All(responses, r => Assert.Equal("v=spf1 -all", Assert.Single(r.Records).Text));
        Assert.Equal(1, _zone.GetQueryCount("a.example", DnsRecordType.Txt));
    }

    [Fact]
    public async Task CoalescedQuery_OneCallerCancels_OthersStillGetAnswer()
    {
        var cache = Create();
        _zone.SetLatency("a.example", TimeSpan.FromSeconds(1));
        using var cts = new CancellationTokenSource();

        var cancelled = cache.QueryTxtAsync("a.example", cts.Token).AsTask();
        var kept = cache.QueryTxtAsync("a.example").AsTask();
        await cts.CancelAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(DnsStatus.NoError, (await kept).Status);
        Assert.Equal(1, _zone.GetQueryCount("a.example", DnsRecordType.Txt));
    }

    [Fact]
    public async Task CoalescedQuery_AllCallersCancel_NextCallerStartsNewQuery()
    {
        var cache = Create();
        _zone.SetLatency("a.example", TimeSpan.FromSeconds(1));
        using var cts = new CancellationTokenSource();

        var cancelled = cache.QueryTxtAsync("a.example", cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var next = cache.QueryTxtAsync("a.example").AsTask();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(DnsStatus.NoError, (await next).Status);
        Assert.Equal(2, _zone.GetQueryCount("a.example", DnsRecordType.Txt));
    }

    [Fact]
    public async Task QueryPtrAsync_Cached()
    {
        var cache = Create();
        var address = IPAddress.Parse("192.0.2.1");

        await cache.QueryPtrAsync(address);
        var second = await cache.QueryPtrAsync(address);

        Assert.Equal(["a.example"], second.Records);
        Assert.Equal(1, _zone.GetPtrQueryCount(address));
    }

    [Fact]
    public async Task QueryTxtAsync_InvalidName_PassedThroughUncached()
    {
        var cache = Create();

        var response = await cache.QueryTxtAsync("a..example");

        Assert.Equal(DnsStatus.FormatError, response.Status);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Clear_EmptiesCache()
    {
        var cache = Create();
        await cache.QueryTxtAsync("a.example");

        cache.Clear();
        await cache.QueryTxtAsync("a.example");

        Assert.Equal(2, _zone.GetQueryCount("a.example", DnsRecordType.Txt));
    }

    [Fact]
    public async Task InnerThrows_ExceptionReachesCaller()
    {
        var cache = new CachingDnsResolver(new ThrowingResolver());

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.QueryTxtAsync("a.example").AsTask());
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        var zone = new ZoneFileResolver();

        Assert.Equal("MaxEntries", Assert.Throws<ArgumentOutOfRangeException>(() => new CachingDnsResolver(zone, new CachingDnsResolverOptions { MaxEntries = -1 })).ParamName);
        Assert.Equal("TransientFailureTimeToLive", Assert.Throws<ArgumentOutOfRangeException>(() => new CachingDnsResolver(zone, new CachingDnsResolverOptions { TransientFailureTimeToLive = TimeSpan.FromMinutes(6) })).ParamName);
        Assert.Equal("MinTimeToLive", Assert.Throws<ArgumentOutOfRangeException>(() => new CachingDnsResolver(zone, new CachingDnsResolverOptions { MinTimeToLive = TimeSpan.FromSeconds(-1) })).ParamName);
    }

    private sealed class ThrowingResolver : IDnsResolver
    {
        public ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) => throw new InvalidOperationException("bug");

        public ValueTask<DnsResponse<IPAddress>> QueryAAsync(string name, CancellationToken cancellationToken = default) => throw new InvalidOperationException("bug");

        public ValueTask<DnsResponse<IPAddress>> QueryAaaaAsync(string name, CancellationToken cancellationToken = default) => throw new InvalidOperationException("bug");

        public ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) => throw new InvalidOperationException("bug");

        public ValueTask<DnsResponse<string>> QueryPtrAsync(IPAddress address, CancellationToken cancellationToken = default) => throw new InvalidOperationException("bug");
    }
}
