using MailAuth.Dns;
using MailAuth.Dns.Redis;
using StackExchange.Redis;
using Xunit;

namespace MailAuth.Interop.Tests.Redis;

/// <summary>
/// Issue 16: the two-level fleet cache coalesces identical concurrent queries (one in-flight look-up per name and
/// type, in the memory level in front of Redis), and one caller giving up does not cancel the others.
/// </summary>
public sealed class RedisDnsCoalescingTests
{
    private const string Spf = "v=spf1 ip4:192.0.2.0/24 -all";

    /// <summary>Holds every DNS query until released and counts them: concurrency without timing.</summary>
    private sealed class GatedResolver(IDnsResolver inner) : DelegatingDnsResolver(inner)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task Called => _called.Task;

        public void Release() => _release.TrySetResult();

        public override async ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            _called.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
            return await base.QueryTxtAsync(name, cancellationToken);
        }
    }

    private static GatedResolver Dns()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", new TxtRecord(Spf), TimeSpan.FromHours(1));
        zone.AddTxt("example.org", new TxtRecord(Spf), TimeSpan.FromHours(1));
        return new GatedResolver(zone);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_IdenticalConcurrentQueries_OneRedisReadAndOneDnsQuery()
    {
        using ConnectionMultiplexer redis = RedisPeer.Connect();
        GatedResolver dns = Dns();
        var shared = new RedisDnsResolver(dns, redis, new RedisDnsResolverOptions { KeyPrefix = RedisPeer.UniquePrefix() });
        var resolver = new CachingDnsResolver(shared);   // what RedisDnsResolver.CreateTwoLevel builds

        // Names differ in case and trailing dot only: the same question (RFC 4343 §3).
        var queries = Enumerable.Range(0, 50).Select(i => resolver.QueryTxtAsync(i % 2 == 0 ? "example.com" : "EXAMPLE.Com.").AsTask()).ToList();
        Task<DnsResponse<TxtRecord>> other = resolver.QueryTxtAsync("example.org").AsTask();
        await dns.Called;
        dns.Release();
        DnsResponse<TxtRecord>[] answers = await Task.WhenAll(queries);
        await other;

        Assert.All(answers, a => Assert.Equal(Spf, Assert.Single(a.Records).Text));
        Assert.Equal(2, dns.Count);          // one per distinct question
        Assert.Equal(2, shared.Misses);      // one Redis read per distinct question
        Assert.Equal(0, shared.Hits);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_OneWaiterCancels_OthersStillGetTheSharedAnswer()
    {
        using ConnectionMultiplexer redis = RedisPeer.Connect();
        GatedResolver dns = Dns();
        CachingDnsResolver resolver = RedisDnsResolver.CreateTwoLevel(dns, redis, new RedisDnsResolverOptions { KeyPrefix = RedisPeer.UniquePrefix() });
        using var impatient = new CancellationTokenSource();

        Task<DnsResponse<TxtRecord>> first = resolver.QueryTxtAsync("example.com", impatient.Token).AsTask();
        var patient = Enumerable.Range(0, 10).Select(_ => resolver.QueryTxtAsync("example.com").AsTask()).ToList();
        await dns.Called;
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        dns.Release();
        DnsResponse<TxtRecord>[] answers = await Task.WhenAll(patient);

        Assert.All(answers, a => Assert.Equal(DnsStatus.NoError, a.Status));
        Assert.Equal(1, dns.Count);
    }
}
