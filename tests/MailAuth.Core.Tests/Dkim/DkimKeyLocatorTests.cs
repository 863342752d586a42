using MailAuth.Dkim;
using MailAuth.Dns;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimKeyLocatorTests
{
    private const string Name = "rsa._domainkey.example.com";

    private static DkimKeyLocator Locator(IDnsResolver resolver, IDkimPublicKeyCache? cache = null, TimeProvider? time = null, TimeSpan? perKey = null) =>
        new(resolver, cache, TimeSpan.FromSeconds(30), perKey ?? TimeSpan.FromSeconds(10), time ?? DkimFixture.Clock());

    [Fact]
    public void GetQueryName_MixedCaseAndTrailingDot_IsLowerCaseWithoutDot()
    {
        Assert.Equal("sel._domainkey.example.com", DkimKeyLocator.GetQueryName("Sel", "Example.COM."));
    }

    [Fact]
    public async Task Start_SameNameTwice_QueriesOnce()
    {
        var zone = DkimFixture.Zone();
        using var session = Locator(zone).Begin(null, CancellationToken.None);
        var first = session.Start(Name, "example.com");
        var second = session.Start("RSA._domainkey.example.com", "example.com");
        Assert.NotNull((await first).Key);
        Assert.Same((await first).Key, (await second).Key);
        Assert.Equal(1, zone.QueryCount);
    }

    [Fact]
    public async Task Start_CachedKey_NeedsNoQueryAndNoBudget()
    {
        var zone = DkimFixture.Zone();
        var cache = new DkimPublicKeyCache();
        using (var warm = Locator(zone, cache).Begin(null, CancellationToken.None))
        {
            Assert.NotNull((await warm.Start(Name, "example.com")).Key);
        }

        using var caller = new CancellationTokenSource();
        using var session = Locator(zone, cache).Begin(null, caller.Token);
        var lookup = await session.Start(Name, "example.com");
        Assert.NotNull(lookup.Key);
        Assert.Equal(1, zone.QueryCount);
        Assert.Equal(caller.Token, session.Token);
    }

    [Fact]
    public async Task Start_Query_TokenIsTheBudgetNotTheCallers()
    {
        using var caller = new CancellationTokenSource();
        using var session = Locator(DkimFixture.Zone()).Begin(null, caller.Token);
        await session.Start(Name, "example.com");
        Assert.NotEqual(caller.Token, session.Token);

        // The budget follows the caller's cancellation.
        caller.Cancel();
        Assert.True(session.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task Start_NoRecord_GivesKeyNotFound()
    {
        using var session = Locator(DkimFixture.Zone()).Begin(null, CancellationToken.None);
        var lookup = await session.Start("missing._domainkey.example.com", "example.com");
        Assert.Null(lookup.Key);
        Assert.Equal(DkimProblem.KeyNotFound, lookup.Problem);
    }

    [Fact]
    public async Task Start_SlowServer_ExceedsItsOwnBudget()
    {
        var clock = new FakeTimeProvider(DkimFixture.Now);
        var zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = clock });
        zone.AddTxt(Name, "v=DKIM1; p=");
        zone.SetLatency(Name, TimeSpan.FromMinutes(5));
        using var session = Locator(zone, time: clock, perKey: TimeSpan.FromSeconds(2)).Begin(null, CancellationToken.None);
        var pending = session.Start(Name, "example.com");
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(3));
        var lookup = await pending;
        Assert.Equal(DkimProblem.DnsFailure, lookup.Problem);
        Assert.Contains("its own time budget", lookup.Reason);
    }

    [Fact]
    public async Task Start_IrrelevantDomain_IsAbandonedOnceRelevanceIsKnown()
    {
        var clock = new FakeTimeProvider(DkimFixture.Now);
        var zone = new ZoneFileResolver(new ZoneFileResolverOptions { TimeProvider = clock });
        zone.AddTxt(Name, "v=DKIM1; p=");
        zone.SetLatency(Name, TimeSpan.FromMinutes(5));
        var relevance = new TaskCompletionSource<Func<string, bool>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var session = Locator(zone, time: clock).Begin(relevance.Task, CancellationToken.None);
        var pending = session.Start(Name, "example.com");
        relevance.SetResult(domain => domain != "example.com");
        var lookup = await pending;
        Assert.Equal(DkimProblem.DnsFailure, lookup.Problem);
        Assert.Contains("cannot align", lookup.Reason);
    }
}
