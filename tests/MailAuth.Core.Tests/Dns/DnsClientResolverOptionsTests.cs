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
        var options = new DnsClientResolverOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.Timeout = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Retries = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.UdpPayloadSize = 100);
    }

    [Fact]
    public void Constructor_ExplicitServers_ReportedInServers()
    {
        var options = new DnsClientResolverOptions().AddServer("127.0.0.1:5053").AddServer("192.0.2.53");

        var resolver = new DnsClientResolver(options);

        Assert.Equal([IPEndPoint.Parse("127.0.0.1:5053"), IPEndPoint.Parse("192.0.2.53:53")], resolver.Servers);
    }
}
