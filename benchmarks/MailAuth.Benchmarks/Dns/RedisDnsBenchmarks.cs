using BenchmarkDotNet.Attributes;
using MailAuth.Dns;
using MailAuth.Dns.Redis;
using StackExchange.Redis;

namespace MailAuth.Benchmarks.Dns;

/// <summary>
/// The fleet cache's hit path against the in-process cache's: a TXT answer from Redis (one round trip to
/// MAILAUTH_REDIS, default 127.0.0.1:6390, plus decoding) versus from memory. Needs a running redis-server
/// (<c>bash .ci/setup.d/redis.sh</c>). Run: <c>dotnet run -c Release --project benchmarks/MailAuth.Benchmarks -- --filter *RedisDns*</c>.
/// </summary>
[MemoryDiagnoser]
public class RedisDnsBenchmarks
{
    private const string Name = "example.com";
    private ConnectionMultiplexer _redis = null!;
    private CachingDnsResolver _memory = null!;
    private RedisDnsResolver _shared = null!;

    [GlobalSetup]
    public void Setup()
    {
        string endPoint = Environment.GetEnvironmentVariable("MAILAUTH_REDIS") is { Length: > 0 } e ? e : "127.0.0.1:6390";
        _redis = ConnectionMultiplexer.Connect(endPoint);
        var zone = new ZoneFileResolver();
        zone.AddTxt(Name, new TxtRecord("v=spf1 ip4:192.0.2.0/24 -all"), TimeSpan.FromHours(1));
        _memory = new CachingDnsResolver(zone);
        _shared = new RedisDnsResolver(zone, _redis, new RedisDnsResolverOptions { KeyPrefix = "mailauth-bench:" });
        _memory.QueryTxtAsync(Name).AsTask().GetAwaiter().GetResult();
        _shared.QueryTxtAsync(Name).AsTask().GetAwaiter().GetResult();
        Thread.Sleep(100); // the fire-and-forget write lands
    }

    [GlobalCleanup]
    public void Cleanup() => _redis.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> MemoryHit() => (await _memory.QueryTxtAsync(Name)).Records.Count;

    [Benchmark]
    public async Task<int> RedisHit() => (await _shared.QueryTxtAsync(Name)).Records.Count;
}
