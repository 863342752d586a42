using System.Text;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.Spf;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Facade;

/// <summary>
/// The options convention (docs/options.md): init-only options validated once when the engine is built, errors naming
/// the option with its path, frozen copies, and one clock handed from the facade to every engine.
/// </summary>
public sealed class OptionsConventionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 31, 0, TimeSpan.Zero);

    // A safeguard against a hang only: with the facade's fake clock the checks finish as soon as the clock is advanced.
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AuthenticateAsync_FakeClockPastSpfBudget_SpfTempErrorWithoutWaiting()
    {
        var clock = new FakeTimeProvider(Now);
        var zone = FacadeFixture.Zone();
        zone.SetLatency(SampleFiles.Domain, TimeSpan.FromDays(1), DnsRecordType.Txt);
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions
        {
            TimeProvider = clock,
            Timeout = Timeout.InfiniteTimeSpan,
            CheckHelo = false,
            Spf = new SpfOptions { Timeout = TimeSpan.FromHours(1) },
        });

        Task<AuthenticationOutcome> pending = authenticator.AuthenticateAsync(Encoding.UTF8.GetBytes(FacadeFixture.Unsigned()), FacadeFixture.GoodContext);
        await WaitForQueryAsync(zone, SampleFiles.Domain, DnsRecordType.Txt);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        AuthenticationOutcome report = await pending.WaitAsync(Watchdog);

        Assert.Equal(SpfStatus.TempError, report.Spf.Status);
        Assert.Contains("SPF time budget", report.Spf.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_FakeClockPastDmarcBudget_DmarcTempErrorWithoutWaiting()
    {
        var clock = new FakeTimeProvider(Now);
        var zone = FacadeFixture.Zone();
        zone.SetLatency("_dmarc." + SampleFiles.Domain, TimeSpan.FromDays(1), DnsRecordType.Txt);
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions
        {
            TimeProvider = clock,
            Timeout = Timeout.InfiniteTimeSpan,
            Dmarc = new DmarcOptions { Mode = DmarcMode.Rfc7489Psl, Timeout = TimeSpan.FromHours(1) },
        });

        Task<AuthenticationOutcome> pending = authenticator.AuthenticateAsync(Encoding.UTF8.GetBytes(FacadeFixture.Unsigned()), FacadeFixture.GoodContext);
        await WaitForQueryAsync(zone, "_dmarc." + SampleFiles.Domain, DnsRecordType.Txt);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        AuthenticationOutcome report = await pending.WaitAsync(Watchdog);

        Assert.Equal(DmarcStatus.TempError, report.Dmarc.Status);
        Assert.Contains("time budget of 3600 s exceeded", report.Dmarc.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateAsync_FakeClockPastTtl_SharedCacheAsksAgain()
    {
        var clock = new FakeTimeProvider(Now);
        var zone = FacadeFixture.Zone();
        var authenticator = new MessageAuthenticator(zone, new MessageAuthenticatorOptions { TimeProvider = clock, CheckHelo = false });
        byte[] message = Encoding.UTF8.GetBytes(FacadeFixture.Unsigned());

        await authenticator.AuthenticateAsync(message, FacadeFixture.GoodContext);
        clock.Advance(TimeSpan.FromSeconds(3599));
        await authenticator.AuthenticateAsync(message, FacadeFixture.GoodContext);
        Assert.Equal(1, zone.GetQueryCount(SampleFiles.Domain, DnsRecordType.Txt));

        // The zone's TTL is 3600 s (samples/example.zone): one second more and the cached answer has expired.
        clock.Advance(TimeSpan.FromSeconds(2));
        await authenticator.AuthenticateAsync(message, FacadeFixture.GoodContext);
        Assert.Equal(2, zone.GetQueryCount(SampleFiles.Domain, DnsRecordType.Txt));
    }

    [Fact]
    public void MessageAuthenticator_InvalidNestedOption_ThrowsNamingItsPath()
    {
        var zone = FacadeFixture.Zone();

        Assert.Equal("Dkim.MaxSignatures", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Dkim = new DkimMessageVerifierOptions { MaxSignatures = 0 } })).ParamName);
        Assert.Equal("Spf.MaxDnsLookups", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Spf = new SpfOptions { MaxDnsLookups = 0 } })).ParamName);
        Assert.Equal("Dmarc.Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Dmarc = new DmarcOptions { Timeout = TimeSpan.FromDays(50) } })).ParamName);
        Assert.Equal("Cache.MaxEntries", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Cache = new CachingDnsResolverOptions { MaxEntries = -1 } })).ParamName);
        Assert.Equal("Reader.MaxHeaderFields", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Reader = new MessageReaderOptions { MaxHeaderFields = 0 } })).ParamName);
        Assert.Equal("Spf.DefaultExplanation", Assert.Throws<ArgumentException>(() => new MessageAuthenticator(zone, new MessageAuthenticatorOptions { Spf = new SpfOptions { DefaultExplanation = "%{z}" } })).ParamName);
    }

    [Fact]
    public void Engines_InvalidOption_ThrowNamingTheOption()
    {
        var zone = new ZoneFileResolver();

        Assert.Equal("MaxRsaKeyBits", Assert.Throws<ArgumentOutOfRangeException>(() => new DkimMessageVerifier(zone, new DkimMessageVerifierOptions { MaxRsaKeyBits = 32768 })).ParamName);
        Assert.Equal("LineLength", Assert.Throws<ArgumentOutOfRangeException>(() => new DkimMessageSigner(new DkimMessageSignerOptions { LineLength = 10 })).ParamName);
        Assert.Equal("MaxAuthorDomains", Assert.Throws<ArgumentOutOfRangeException>(() => new DmarcEvaluator(zone, new DmarcOptions { MaxAuthorDomains = 0 })).ParamName);
        Assert.Equal("MaxHeaderLineLength", Assert.Throws<ArgumentOutOfRangeException>(() => new MessageReader(new MessageReaderOptions { MaxHeaderLineLength = 10 })).ParamName);
        Assert.Equal("MaxCnameChain", Assert.Throws<ArgumentOutOfRangeException>(() => new ZoneFileResolver(new ZoneFileResolverOptions { MaxCnameChain = 65 })).ParamName);
        Assert.Equal("Servers", Assert.Throws<ArgumentException>(() => new DnsClientResolver(new DnsClientResolverOptions { Servers = [null!] })).ParamName);
    }

    [Fact]
    public void DkimSigner_ListChangedAfterConstruction_KeepsItsCopy()
    {
        var headers = new List<string> { "From", "Subject" };
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { SignedHeaders = headers });

        headers.Add("To");
        headers.Remove("From");

        Assert.Equal(["From", "Subject"], signer.Options.SignedHeaders!);
    }

    [Fact]
    public void DnsClientResolver_ServersFromInit_AreUsedInOrder()
    {
        var servers = new List<System.Net.IPEndPoint> { DnsClientResolverOptions.ParseServer("127.0.0.1:5053") };
        var options = new DnsClientResolverOptions { Servers = servers };

        var resolver = new DnsClientResolver(options);
        servers.Add(DnsClientResolverOptions.ParseServer("127.0.0.1"));

        Assert.Equal([DnsClientResolverOptions.ParseServer("127.0.0.1:5053")], resolver.Servers);
    }

    // Waits (bounded, as a safeguard against a hang) until the query has reached the zone.
    private static async Task WaitForQueryAsync(ZoneFileResolver zone, string name, DnsRecordType type)
    {
        for (int i = 0; i < 2000 && zone.GetQueryCount(name, type) == 0; i++)
        {
            await Task.Delay(5);
        }

        Assert.Equal(1, zone.GetQueryCount(name, type));
    }
}
