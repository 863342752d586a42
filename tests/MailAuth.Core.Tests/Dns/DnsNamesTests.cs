using System.Net;
using MailAuth.Dns;
using MailAuth.Text;
using Xunit;

namespace MailAuth.Tests.Dns;

public class DnsNamesTests
{
    [Theory]
    [InlineData("192.0.2.1", "1.2.0.192.in-addr.arpa")]
    [InlineData("::ffff:192.0.2.1", "1.2.0.192.in-addr.arpa")]
    [InlineData("2001:db8::567:89ab", "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")]
    public void ToReverseName_Address_ReturnsRfcName(string address, string expected)
    {
        Assert.Equal(expected, DnsNames.ToReverseName(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("a.b", "a.b")]
    public void TryNormalize_Valid_LowerCaseWithoutDot(string name, string expected)
    {
        Assert.True(DomainName.TryCreateQueryName(name, out DomainName normalized, out _));
        Assert.Equal(expected, normalized.Value);
    }

    [Fact]
    public void TryNormalize_TooLong_Fails()
    {
        string label = new('a', 63);
        string name = string.Join('.', label, label, label, label);

        Assert.False(DomainName.TryCreateQueryName(name, out _, out string? error));
        Assert.Contains("longer", error, StringComparison.Ordinal);
        Assert.False(DomainName.TryCreateQueryName(new string('a', 64) + ".example", out _, out _));
    }
}
