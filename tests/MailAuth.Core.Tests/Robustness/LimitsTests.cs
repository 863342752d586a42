using System.Net;
using System.Text;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Spf;
using MailAuth.Tests.Facade;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Robustness;

/// <summary>
/// Proves the limits in docs/limits.md that had no behaviour test of their own: each is enforced at its default and
/// moves when configured.
/// </summary>
public sealed class LimitsTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    // The sample message is signed at t=1768473005 (2026-01-15 10:30:05 UTC) with h= listing 9 fields.
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1768473005);

    [Fact]
    public async Task SpfMaxVoidLookups_IsEnforcedAndConfigurable()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("void.example", "v=spf1 a:nx1.void.example a:nx2.void.example -all");
        SpfResult byDefault = await new SpfEvaluator(zone).CheckHostAsync(Client, "void.example", "a@void.example");
        SpfResult strict = await new SpfEvaluator(zone, new SpfOptions { MaxVoidLookups = 1 }).CheckHostAsync(Client, "void.example", "a@void.example");
        Assert.Equal(SpfStatus.Fail, byDefault.Status);
        Assert.Equal(SpfStatus.PermError, strict.Status);
    }

    [Fact]
    public async Task SpfMaxMxNames_IsEnforcedAndConfigurable()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("mx.example", "v=spf1 mx -all");
        zone.AddMx("mx.example", 10, "a.mx.example");
        zone.AddMx("mx.example", 20, "b.mx.example");
        zone.AddAddress("a.mx.example", "192.0.2.1");
        zone.AddAddress("b.mx.example", "192.0.2.2");
        SpfResult byDefault = await new SpfEvaluator(zone).CheckHostAsync(Client, "mx.example", "a@mx.example");
        SpfResult strict = await new SpfEvaluator(zone, new SpfOptions { MaxMxNames = 1 }).CheckHostAsync(Client, "mx.example", "a@mx.example");
        Assert.Equal(SpfStatus.Fail, byDefault.Status);
        Assert.Equal(SpfStatus.PermError, strict.Status);
    }

    [Fact]
    public async Task SpfMaxExplanationLength_CutsLongExplanations()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("exp.example", "v=spf1 -all exp=why.exp.example");
        zone.AddTxt("why.exp.example", new string('x', 3000));
        SpfResult byDefault = await new SpfEvaluator(zone).CheckHostAsync(Client, "exp.example", "a@exp.example");
        SpfResult shorter = await new SpfEvaluator(zone, new SpfOptions { MaxExplanationLength = 100 }).CheckHostAsync(Client, "exp.example", "a@exp.example");
        Assert.Equal(SpfStatus.Fail, shorter.Status);
        Assert.True(byDefault.Explanation is null || byDefault.Explanation.Length <= 1024, $"{byDefault.Explanation?.Length} characters");
        Assert.True(shorter.Explanation is null || shorter.Explanation.Length <= 100, $"{shorter.Explanation?.Length} characters");
    }

    [Fact]
    public async Task DkimMaxSignedHeaders_IsEnforcedAndConfigurable()
    {
        IReadOnlyList<DkimResult> byDefault = await VerifySampleAsync(new DkimMessageVerifierOptions(), SignedAt.AddMinutes(1));
        IReadOnlyList<DkimResult> limited = await VerifySampleAsync(new DkimMessageVerifierOptions { MaxSignedHeaders = 5 }, SignedAt.AddMinutes(1));
        Assert.Equal(DkimStatus.Pass, Assert.Single(byDefault).Status);
        DkimResult result = Assert.Single(limited);
        Assert.Equal(DkimProblem.MalformedSignature, result.Problem);
        Assert.Equal(DkimStatus.Neutral, result.Status); // RFC 8601 §2.7.1: syntax errors are "neutral"
    }

    [Fact]
    public async Task DkimClockSkew_FutureTimestampToleratedOnlyWithinSkew()
    {
        DateTimeOffset halfAnHourEarly = SignedAt.AddMinutes(-30);
        IReadOnlyList<DkimResult> byDefault = await VerifySampleAsync(new DkimMessageVerifierOptions(), halfAnHourEarly);
        IReadOnlyList<DkimResult> lenient = await VerifySampleAsync(new DkimMessageVerifierOptions { ClockSkew = TimeSpan.FromHours(1) }, halfAnHourEarly);
        Assert.Equal(DkimProblem.FutureTimestamp, Assert.Single(byDefault).Problem);
        Assert.Equal(DkimStatus.Pass, Assert.Single(lenient).Status);
    }

    [Fact]
    public async Task DkimMinRsaKeyBits_IsConfigurable()
    {
        IReadOnlyList<DkimResult> result = await VerifySampleAsync(new DkimMessageVerifierOptions { MinRsaKeyBits = 4096 }, SignedAt.AddMinutes(1));
        Assert.Equal(DkimProblem.KeyTooSmall, Assert.Single(result).Problem);
    }

    [Fact]
    public async Task DkimTimeout_SlowKeyLookup_IsTempError()
    {
        var time = new FakeTimeProvider(SignedAt.AddMinutes(1));
        ZoneFileResolver zone = FacadeFixture.Zone(new ZoneFileResolverOptions { TimeProvider = time });
        zone.SetLatency("sample._domainkey.example.com", TimeSpan.FromMinutes(5));
        var verifier = new DkimMessageVerifier(zone, new DkimMessageVerifierOptions { Timeout = TimeSpan.FromSeconds(5), TimeProvider = time });
        Task<IReadOnlyList<DkimResult>> pending = verifier.VerifyAsync(SampleBytes()).AsTask();
        for (int i = 0; i < 100 && !pending.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
            await Task.Delay(1);
        }

        DkimResult result = Assert.Single(await pending);
        Assert.Equal(DkimStatus.TempError, result.Status);
    }

    [Fact]
    public void DkimPublicKeyCache_MaxEntries_Bounded()
    {
        var cache = new DkimPublicKeyCache(maxEntries: 4);
        DkimPublicKey key = DkimPublicKey.Parse("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
        for (int i = 0; i < 50; i++)
        {
            cache.Set($"s{i}._domainkey.example.com", key, TimeSpan.FromHours(1));
            Assert.True(cache.Count <= 4, $"{cache.Count} entries after {i + 1} stores");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task DmarcMaxTreeWalkQueries_BoundsRecordQueries(int limit)
    {
        var zone = new ZoneFileResolver();
        string from = "a.b.c.d.e.f.g.h.i.j.example";
        var options = new DmarcOptions { MaxTreeWalkQueries = limit, CheckNonExistentSubdomains = false };
        DmarcResult result = await new DmarcEvaluator(zone, options).EvaluateAsync(from, new DmarcSpfInput(DmarcAuthResult.Pass, from), []);
        Assert.Equal(DmarcStatus.None, result.Status);
        Assert.True(result.DnsQueries <= limit, $"{result.DnsQueries} queries with a limit of {limit}");
    }

    [Fact]
    public void TagListMaxTags_MoreTagsThanTheLimit_ParseErrorNotException()
    {
        string extra = string.Concat(Enumerable.Range(0, MailAuth.Text.TagList.DefaultMaxTags + 5).Select(i => $"x{i}=v; "));
        string signature = "v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; " + extra + "b=dGVzdA==";
        Assert.False(DkimSignature.TryParse(signature, out _, out DkimParseError signatureError));
        Assert.False(DkimPublicKey.TryParse("v=DKIM1; " + extra + "p=", out _, out DkimParseError keyError));
        Assert.NotEqual(default, signatureError);
        Assert.NotEqual(default, keyError);
    }

    private static byte[] SampleBytes() => File.ReadAllBytes(SampleFiles.PathOf("message.eml"));

    private static async Task<IReadOnlyList<DkimResult>> VerifySampleAsync(DkimMessageVerifierOptions options, DateTimeOffset now)
    {
        var time = new FakeTimeProvider(now);
        return await new DkimMessageVerifier(FacadeFixture.Zone(), (options ?? new DkimMessageVerifierOptions()).Freeze(timeProvider: time)).VerifyAsync(SampleBytes());
    }

    [Fact]
    public void TimeBudgets_LongerThanATimerCanHold_RejectedWhenConfigured()
    {
        // A budget over ~49.7 days used to be accepted and then threw when its timer was made for a message.
        TimeSpan tooLong = TimeSpan.FromDays(50);
        var zone = new ZoneFileResolver();
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Timeout = tooLong })).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new SpfEvaluator(zone, new SpfOptions { Timeout = tooLong })).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new DmarcEvaluator(zone, new DmarcOptions { Timeout = tooLong })).ParamName);
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new DkimMessageVerifier(zone, new DkimMessageVerifierOptions { Timeout = tooLong })).ParamName);
        Assert.Equal("MaxKeyLookupTime", Assert.Throws<ArgumentOutOfRangeException>(() => new DkimMessageVerifier(zone, new DkimMessageVerifierOptions { MaxKeyLookupTime = tooLong })).ParamName);
        _ = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Timeout = Timeout.InfiniteTimeSpan });
        _ = new SpfEvaluator(zone, new SpfOptions { Timeout = TimeSpan.FromDays(49) });
    }
}
