using System.Net;
using System.Net.Sockets;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Interop.Tests.Dns;

public class DnsClientResolverInteropTests
{
    private const string Zone = DnsTestServer.Zone;

    [SkippableFact]
    public async Task QueryTxtAsync_MultiStringRecord_StringsKeptSeparate()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver().QueryTxtAsync("multi." + Zone);

        Assert.Equal(DnsStatus.NoError, response.Status);
        var spf = Assert.Single(response.Records, r => r.Strings.Count > 1);
        Assert.Equal(["v=spf1 ", "ip4:192.0.2.0/24 ", "ip6:2001:db8::/32 ", "-all"], spf.Strings);
        Assert.Equal("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all", spf.Text);
        Assert.Contains(response.Records, r => r.Text == "second record");
        Assert.Equal(TimeSpan.FromSeconds(300), response.TimeToLive);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_EscapedBytes_DecodedExactly()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver().QueryTxtAsync("escaped." + Zone);

        Assert.Equal("quote \" backslash \\ semicolon ; byte A utf8 café", Assert.Single(response.Records).Text);
        Assert.Equal(TimeSpan.FromSeconds(600), response.TimeToLive);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_AnswerOver512BytesWithoutEdns_FallsBackToTcp()
    {
        await DnsTestServer.RequireAsync();
        var resolver = DnsTestServer.CreateResolver(udpPayloadSize: 512);

        var response = await resolver.QueryTxtAsync("big." + Zone);

        Assert.Equal(DnsStatus.NoError, response.Status);
        var record = Assert.Single(response.Records);
        Assert.Equal(4, record.Strings.Count);
        Assert.All(record.Strings, s => Assert.Equal(200, s.Length));
    }

    [SkippableFact]
    public async Task QueryTxtAsync_AnswerOver4096Bytes_FallsBackToTcp()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver(udpPayloadSize: 4096).QueryTxtAsync("huge." + Zone);

        var record = Assert.Single(response.Records);
        Assert.Equal(20, record.Strings.Count);
        Assert.Equal(20 * 250, record.Text.Length);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_TruncatedWithoutTcpFallback_IsErrorNotPartialData()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver(useTcpFallback: false).QueryTxtAsync("huge." + Zone);

        Assert.Equal(DnsStatus.OtherError, response.Status);
        Assert.Empty(response.Records);
        Assert.Contains("truncat", response.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_TcpOnly_Works()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver(useTcpOnly: true).QueryTxtAsync("multi." + Zone);

        Assert.Equal(2, response.Records.Count);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_MissingName_IsNxDomainWithSoaNegativeTtl()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver().QueryTxtAsync("missing." + Zone);

        Assert.Equal(DnsStatus.NxDomain, response.Status);
        Assert.True(response.IsEmpty);
        Assert.Equal(TimeSpan.FromSeconds(60), response.TimeToLive);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_NameWithOnlyAddresses_IsNoData()
    {
        await DnsTestServer.RequireAsync();
        var resolver = DnsTestServer.CreateResolver();

        var txt = await resolver.QueryTxtAsync("aonly." + Zone);
        var a = await resolver.QueryAAsync("aonly." + Zone);

        Assert.Equal(DnsStatus.NoError, txt.Status);
        Assert.Empty(txt.Records);
        Assert.True(txt.IsEmpty);
        Assert.Equal(TimeSpan.FromSeconds(60), txt.TimeToLive);
        Assert.Equal([IPAddress.Parse("192.0.2.10")], a.Records);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_EmptyNonTerminal_IsNoData()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver().QueryTxtAsync("ent." + Zone);

        Assert.Equal(DnsStatus.NoError, response.Status);
        Assert.Empty(response.Records);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_ZoneServerCannotLoad_IsServerFailure()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver().QueryTxtAsync("anything.servfail.mailauth.test");

        Assert.Equal(DnsStatus.ServerFailure, response.Status);
        Assert.Empty(response.Records);
        Assert.Equal(TimeSpan.Zero, response.TimeToLive);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_FirstServerNxDomainSecondDead_NxDomainIsFinal()
    {
        await DnsTestServer.RequireAsync();
        using var dead = new FakeDnsServer(rcode: null);
        var resolver = DnsTestServer.CreateResolver(nextServer: dead.EndPoint);

        var missing = await resolver.QueryTxtAsync("missing." + Zone);
        var noData = await resolver.QueryTxtAsync("aonly." + Zone);

        Assert.Equal(DnsStatus.NxDomain, missing.Status);
        Assert.Equal(DnsStatus.NoError, noData.Status);
        Assert.Equal(0, dead.Queries);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_FirstServerServfail_AsksNextServer()
    {
        await DnsTestServer.RequireAsync();
        using var failing = new FakeDnsServer(rcode: 2);
        var options = new DnsClientResolverOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 0, Servers = [failing.EndPoint, DnsTestServer.EndPoint] };

        var response = await new DnsClientResolver(options).QueryTxtAsync("multi." + Zone);

        Assert.Equal(DnsStatus.NoError, response.Status);
        Assert.Equal(2, response.Records.Count);
        Assert.True(failing.Queries >= 1);
    }

    [SkippableFact]
    public async Task QueryTxtAsync_FirstServerSilent_AsksNextServer()
    {
        await DnsTestServer.RequireAsync();
        using var dead = new FakeDnsServer(rcode: null);
        var options = new DnsClientResolverOptions { Timeout = TimeSpan.FromMilliseconds(500), Retries = 0, Servers = [dead.EndPoint, DnsTestServer.EndPoint] };

        var response = await new DnsClientResolver(options).QueryTxtAsync("multi." + Zone);

        Assert.Equal(DnsStatus.NoError, response.Status);
    }

    [Theory]
    [InlineData(2, DnsStatus.ServerFailure)]
    [InlineData(5, DnsStatus.Refused)]
    [InlineData(1, DnsStatus.FormatError)]
    [InlineData(4, DnsStatus.OtherError)]
    public async Task QueryTxtAsync_AllServersFail_MapsRcode(int rcode, DnsStatus expected)
    {
        using var first = new FakeDnsServer(rcode);
        using var second = new FakeDnsServer(rcode);
        var options = new DnsClientResolverOptions { Timeout = TimeSpan.FromSeconds(2), Retries = 0, Servers = [first.EndPoint, second.EndPoint] };

        var response = await new DnsClientResolver(options).QueryTxtAsync("example.test");

        Assert.Equal(expected, response.Status);
        Assert.Equal(TimeSpan.Zero, response.TimeToLive);
    }

    [Fact]
    public async Task QueryTxtAsync_ServerNeverAnswers_IsTimeout()
    {
        // A bound UDP socket that never replies: the query is sent and no answer comes.
        using var silent = new FakeDnsServer(rcode: null);
        var options = new DnsClientResolverOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0, UseTcpFallback = false, Servers = [silent.EndPoint] };

        var response = await new DnsClientResolver(options).QueryTxtAsync("example.test");

        Assert.Equal(DnsStatus.Timeout, response.Status);
        Assert.Empty(response.Records);
    }

    [Fact]
    public async Task QueryTxtAsync_ClosedPort_IsFailureNotException()
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var options = new DnsClientResolverOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0, Servers = [new IPEndPoint(IPAddress.Loopback, port)] };

        var response = await new DnsClientResolver(options).QueryTxtAsync("example.test");

        Assert.Contains(response.Status, new[] { DnsStatus.Timeout, DnsStatus.OtherError });
        Assert.NotNull(response.ErrorMessage);
    }

    [Fact]
    public async Task QueryTxtAsync_Cancelled_Throws()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var options = new DnsClientResolverOptions { Timeout = TimeSpan.FromSeconds(30), Retries = 0, Servers = [(IPEndPoint)silent.Client.LocalEndPoint!] };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DnsClientResolver(options).QueryTxtAsync("example.test", cts.Token).AsTask());
    }

    [Fact]
    public async Task QueryTxtAsync_InvalidName_IsFormatError()
    {
        var options = new DnsClientResolverOptions { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0, Servers = [new IPEndPoint(IPAddress.Loopback, 9)] };

        var response = await new DnsClientResolver(options).QueryTxtAsync("bad..name");

        Assert.Equal(DnsStatus.FormatError, response.Status);
    }

    [SkippableFact]
    public async Task QueryAAsync_Cname_FollowedToAddresses()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver().QueryAAsync("alias." + Zone);

        Assert.Equal([IPAddress.Parse("192.0.2.25"), IPAddress.Parse("192.0.2.26")], response.Records.OrderBy(a => a.ToString()));
    }

    [SkippableFact]
    public async Task QueryMxAsync_ReturnsExchangesWithoutTrailingDot()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver().QueryMxAsync(Zone);

        Assert.Equal([new MxRecord(10, "mail." + Zone), new MxRecord(20, "backup.example.net")], response.Records.OrderBy(m => m.Preference));
    }

    [SkippableFact]
    public async Task QueryPtrAsync_ReverseZone_ReturnsHostNames()
    {
        await DnsTestServer.RequireAsync();

        var response = await DnsTestServer.CreateResolver().QueryPtrAsync(IPAddress.Parse("192.0.2.26"));

        Assert.Equal(["mail." + Zone, "mail2." + Zone], response.Records.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task CachingDecorator_OverRealServer_SecondAnswerFromCache()
    {
        await DnsTestServer.RequireAsync();
        var cache = new CachingDnsResolver(DnsTestServer.CreateResolver());

        var first = await cache.QueryTxtAsync("multi." + Zone);
        var second = await cache.QueryTxtAsync("multi." + Zone);

        Assert.Equal(first.Records, second.Records);
        Assert.Equal(1, cache.Count);
    }
}
