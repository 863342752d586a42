using System.Net;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dns;

public class DnsClientResolverOptionsTests
{
    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53:53")]
    [InlineData("127.0.0.1:5053", "127.0.0.1:5053")]
    [InlineData("2001:db8::53", "[2001:db8::53]:53")]
    [InlineData("[::1]:5053", "[::1]:5053")]
    [InlineData("[::1]", "[::1]:53")]
    public void ParseServer_Forms_ParsedWithPort(string text, string expected)
    {
        Assert.Equal(IPEndPoint.Parse(expected), DnsClientResolverOptions.ParseServer(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("dns.example")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("[::1]:x")]
    public void ParseServer_Malformed_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => DnsClientResolverOptions.ParseServer(text));
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        Assert.Equal("Timeout", Assert.Throws<ArgumentOutOfRangeException>(() => new DnsClientResolver(new DnsClientResolverOptions { Timeout = TimeSpan.Zero })).ParamName);
        Assert.Equal("Retries", Assert.Throws<ArgumentOutOfRangeException>(() => new DnsClientResolver(new DnsClientResolverOptions { Retries = -1 })).ParamName);
        Assert.Equal("UdpPayloadSize", Assert.Throws<ArgumentOutOfRangeException>(() => new DnsClientResolver(new DnsClientResolverOptions { UdpPayloadSize = 100 })).ParamName);
    }

    [Fact]
    public void Constructor_ExplicitServers_ReportedInServers()
    {
        var options = new DnsClientResolverOptions { Servers = [DnsClientResolverOptions.ParseServer("127.0.0.1:5053"), DnsClientResolverOptions.ParseServer("192.0.2.53")] };

        var resolver = new DnsClientResolver(options);

        Assert.Equal([IPEndPoint.Parse("127.0.0.1:5053"), IPEndPoint.Parse("192.0.2.53:53")], resolver.Servers);
    }
}
