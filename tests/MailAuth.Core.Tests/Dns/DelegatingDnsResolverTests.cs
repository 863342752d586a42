using System.Net;
using MailAuth.Dns;
using MailAuth.Tests.Facade;
using Xunit;

namespace MailAuth.Tests.Dns;

public sealed class DelegatingDnsResolverTests
{
    [Fact]
    public async Task Decorator_OverridingOnlyTxt_OtherLookupsReachTheInnerResolver()
    {
        var zone = FacadeFixture.Zone();
        var counting = new CountingTxt(zone);

        var txt = await counting.QueryTxtAsync("example.com");
        var a = await counting.QueryAAsync("mail.example.com");
        var mx = await counting.QueryMxAsync("example.com");
        var aaaa = await counting.QueryAaaaAsync("example.com");
        var ptr = await counting.QueryPtrAsync(IPAddress.Parse("192.0.2.25"));

        Assert.Equal(1, counting.TxtQueries);
        Assert.Equal((await zone.QueryTxtAsync("example.com")).Records.Count, txt.Records.Count);
        Assert.Equal((await zone.QueryAAsync("mail.example.com")).Records, a.Records);
        Assert.Equal((await zone.QueryMxAsync("example.com")).Status, mx.Status);
        Assert.Equal((await zone.QueryAaaaAsync("example.com")).Status, aaaa.Status);
        Assert.Equal((await zone.QueryPtrAsync(IPAddress.Parse("192.0.2.25"))).Status, ptr.Status);
    }

    [Fact]
    public async Task Decorator_UsedByTheAuthenticator_SeesTheDkimKeyQuery()
    {
        var counting = new CountingTxt(FacadeFixture.Zone());
        var authenticator = new MessageAuthenticator(counting);

        var outcome = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.Equal(MailAuth.Dmarc.DmarcStatus.Pass, outcome.Dmarc.Status);
        Assert.True(counting.TxtQueries >= 2);
    }

    [Fact]
    public void Constructor_NullInner_Throws() => Assert.Throws<ArgumentNullException>(() => new CountingTxt(null!));

    private sealed class CountingTxt(IDnsResolver inner) : DelegatingDnsResolver(inner)
    {
        private int _txt;

        public int TxtQueries => _txt;

        public override ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _txt);
            return base.QueryTxtAsync(name, cancellationToken);
        }
    }
}
