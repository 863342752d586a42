using System.Net;
using MailAuth.Dns;
using MailAuth.Dns.Redis;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit;

namespace MailAuth.Interop.Tests.Redis;

/// <summary>The fleet DNS cache against a real redis-server on 127.0.0.1 (MAILAUTH_REDIS, default 127.0.0.1:6390).</summary>
public sealed class RedisDnsResolverTests
{
    private const string Spf = "v=spf1 ip4:192.0.2.0/24 -all";

    private static ZoneFileResolver Zone()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", new TxtRecord(Spf), TimeSpan.FromHours(1));
        return zone;
    }

    [SkippableFact]
    public async Task QueryTxtAsync_AnswerFromOneMember_ServesAnotherWithoutDns()
    {
        using ConnectionMultiplexer redis = RedisPeer.Connect();
        var options = new RedisDnsResolverOptions { KeyPrefix = RedisPeer.UniquePrefix() };
        var first = new RedisDnsResolver(Zone(), redis, options);
        var otherDns = new ZoneFileResolver();
        var second = new RedisDnsResolver(otherDns, redis, options);

        await first.QueryTxtAsync("example.com");
        DnsResponse<TxtRecord> shared = await second.QueryTxtAsync("EXAMPLE.com.");

        Assert.Equal(DnsStatus.NoError, shared.Status);
        Assert.Equal(Spf, Assert.Single(shared.Records).Text);
        Assert.Equal(0, otherDns.QueryCount);
        Assert.Equal(1, second.Hits);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_SharedAnswer_TtlCountsDownThenExpires()
    {
        using ConnectionMultiplexer redis = RedisPeer.Connect();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
        var options = new RedisDnsResolverOptions { KeyPrefix = RedisPeer.UniquePrefix(), TimeProvider = clock };
        var otherDns = new ZoneFileResolver();
        var second = new RedisDnsResolver(otherDns, redis, options);
        await new RedisDnsResolver(Zone(), redis, options).QueryTxtAsync("example.com");

        clock.Advance(TimeSpan.FromSeconds(3000));
        DnsResponse<TxtRecord> later = await second.QueryTxtAsync("example.com");
        clock.Advance(TimeSpan.FromSeconds(601));
        DnsResponse<TxtRecord> expired = await second.QueryTxtAsync("example.com");

        Assert.Equal(TimeSpan.FromSeconds(600), later.TimeToLive);
        Assert.Equal(DnsStatus.NxDomain, expired.Status);
        Assert.Equal(1, otherDns.QueryCount);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_NxDomain_SharedForAtMostMaxNegativeTimeToLive()
    {
        using ConnectionMultiplexer redis = RedisPeer.Connect();
        var options = new RedisDnsResolverOptions { KeyPrefix = RedisPeer.UniquePrefix(), MaxNegativeTimeToLive = TimeSpan.FromSeconds(90) };
        var otherDns = Zone();
        otherDns.AddTxt("missing.example.com", "would be found by a fresh look-up");
        var second = new RedisDnsResolver(otherDns, redis, options);

        DnsResponse<TxtRecord> first = await new RedisDnsResolver(Zone(), redis, options).QueryTxtAsync("missing.example.com");
        DnsResponse<TxtRecord> shared = await second.QueryTxtAsync("missing.example.com");
        TimeSpan? redisTtl = await redis.GetDatabase().KeyTimeToLiveAsync(options.KeyPrefix + "txt:missing.example.com");

        Assert.Equal(DnsStatus.NxDomain, first.Status);
        Assert.Equal(DnsStatus.NxDomain, shared.Status);
        Assert.Equal(0, otherDns.QueryCount);
        Assert.InRange(redisTtl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(90));
    }

    [SkippableFact]
    public async Task QueryTxtAsync_Timeout_NeverShared()
    {
        using ConnectionMultiplexer redis = RedisPeer.Connect();
        var options = new RedisDnsResolverOptions { KeyPrefix = RedisPeer.UniquePrefix() };
        var failing = Zone();
        failing.SetFault("example.com", DnsStatus.Timeout);

        DnsResponse<TxtRecord> local = await new RedisDnsResolver(failing, redis, options).QueryTxtAsync("example.com");
        bool stored = await redis.GetDatabase().KeyExistsAsync(options.KeyPrefix + "txt:example.com");
        DnsResponse<TxtRecord> other = await new RedisDnsResolver(Zone(), redis, options).QueryTxtAsync("example.com");

        Assert.Equal(DnsStatus.Timeout, local.Status);
        Assert.False(stored);
        Assert.Equal(DnsStatus.NoError, other.Status);
    }

    [SkippableFact]
    public async Task Query_EveryRecordType_SharedThroughRedis()
    {
        using ConnectionMultiplexer redis = RedisPeer.Connect();
        var options = new RedisDnsResolverOptions { KeyPrefix = RedisPeer.UniquePrefix() };
        var zone = new ZoneFileResolver();
        zone.AddAddress("mail.example.com", "192.0.2.25");
        zone.AddAddress("mail.example.com", "2001:db8::25");
        zone.AddMx("example.com", 10, "mail.example.com");
        zone.AddPtr(IPAddress.Parse("192.0.2.25"), "mail.example.com");
        var first = new RedisDnsResolver(zone, redis, options);
        var second = new RedisDnsResolver(new ZoneFileResolver(), redis, options);
        await first.QueryAAsync("mail.example.com");
        await first.QueryAaaaAsync("mail.example.com");
        await first.QueryMxAsync("example.com");
        await first.QueryPtrAsync(IPAddress.Parse("192.0.2.25"));

        Assert.Equal(IPAddress.Parse("192.0.2.25"), Assert.Single((await second.QueryAAsync("mail.example.com")).Records));
        Assert.Equal(IPAddress.Parse("2001:db8::25"), Assert.Single((await second.QueryAaaaAsync("mail.example.com")).Records));
        Assert.Equal(new MxRecord(10, "mail.example.com"), Assert.Single((await second.QueryMxAsync("example.com")).Records));
        Assert.Equal("mail.example.com", Assert.Single((await second.QueryPtrAsync(IPAddress.Parse("192.0.2.25"))).Records));
        Assert.Equal(4, second.Hits);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_DamagedValueInRedis_MissAnsweredFromDns()
    {
        using ConnectionMultiplexer redis = RedisPeer.Connect();
        var options = new RedisDnsResolverOptions { KeyPrefix = RedisPeer.UniquePrefix() };
        await redis.GetDatabase().StringSetAsync(options.KeyPrefix + "txt:example.com", new byte[] { 1, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff }, TimeSpan.FromMinutes(1));
        var resolver = new RedisDnsResolver(Zone(), redis, options);

        DnsResponse<TxtRecord> answer = await resolver.QueryTxtAsync("example.com");

        Assert.Equal(Spf, Assert.Single(answer.Records).Text);
        Assert.Equal(1, resolver.Misses);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_AnswerLargerThanMaxValueBytes_AnsweredButNotShared()
    {
        using ConnectionMultiplexer redis = RedisPeer.Connect();
        var options = new RedisDnsResolverOptions { KeyPrefix = RedisPeer.UniquePrefix(), MaxValueBytes = 64 };
        var zone = new ZoneFileResolver();
        zone.AddTxt("big.example.com", new string('x', 200));

        DnsResponse<TxtRecord> answer = await new RedisDnsResolver(zone, redis, options).QueryTxtAsync("big.example.com");

        Assert.Equal(200, Assert.Single(answer.Records).Text.Length);
        Assert.False(await redis.GetDatabase().KeyExistsAsync(options.KeyPrefix + "txt:big.example.com"));
    }

    [Fact]
    public async Task QueryTxtAsync_RedisUnreachable_AnswersFromDnsWithoutError()
    {
        // A free port on 127.0.0.1: nothing listens, the connection never comes up.
        using ConnectionMultiplexer redis = RedisPeer.Open($"127.0.0.1:{LoopbackPorts.Free()}", connectTimeoutMs: 1000);
        var resolver = RedisDnsResolver.CreateTwoLevel(Zone(), redis);

        DnsResponse<TxtRecord> answer = await resolver.QueryTxtAsync("example.com");

        Assert.Equal(Spf, Assert.Single(answer.Records).Text);
    }

    [SkippableFact]
    public async Task Query_RedisStopsMidRun_KeepsAnsweringFromDnsWithOnlyMisses()
    {
        int port = LoopbackPorts.Free();
        using System.Diagnostics.Process server = await RedisPeer.StartPrivateAsync(port);
        using ConnectionMultiplexer redis = RedisPeer.Open($"127.0.0.1:{port}");
        Peers.Require(redis.IsConnected, $"the private redis-server on 127.0.0.1:{port} does not answer");
        var zone = new ZoneFileResolver();
        for (int i = 0; i < 20; i++)
        {
            zone.AddTxt($"d{i}.example.com", $"v=spf1 ip4:192.0.2.{i} -all");
        }

        var redisLevel = new RedisDnsResolver(zone, redis);
        var resolver = new CachingDnsResolver(redisLevel);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(DnsStatus.NoError, (await resolver.QueryTxtAsync($"d{i}.example.com")).Status);
        }

        server.Kill();
        await server.WaitForExitAsync();
        for (int i = 0; i < 20; i++)
        {
            DnsResponse<TxtRecord> answer = await resolver.QueryTxtAsync($"d{i}.example.com");
            Assert.Equal($"v=spf1 ip4:192.0.2.{i} -all", Assert.Single(answer.Records).Text);
        }

        // A new member after the outage: nothing in Redis, nothing in memory; every answer from DNS.
        var fresh = RedisDnsResolver.CreateTwoLevel(zone, redis);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(DnsStatus.NoError, (await fresh.QueryTxtAsync($"d{i}.example.com")).Status);
        }

        Assert.Equal(0, redisLevel.Hits);
    }
}
