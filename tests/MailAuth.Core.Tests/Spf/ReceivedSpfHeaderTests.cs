using System.Net;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf;

public class ReceivedSpfHeaderTests
{
    private static async Task<SpfResult> CheckAsync(string record, string ip = "192.0.2.1")
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", record);
        return await new SpfEvaluator(zone).CheckMailFromAsync(IPAddress.Parse(ip), "myname@example.com", "foo.example.com");
    }

    [Fact]
    public async Task Format_Pass_FollowsSection91Example()
    {
        SpfResult result = await CheckAsync("v=spf1 ip4:192.0.2.1 -all");

        string field = ReceivedSpfHeader.Format(result, "mybox.example.org");

        Assert.Equal(
            "Received-SPF: pass (mybox.example.org: domain of myname@example.com designates 192.0.2.1 as permitted sender)"
            + " client-ip=192.0.2.1; envelope-from=\"myname@example.com\"; helo=foo.example.com; receiver=mybox.example.org;"
            + " identity=mailfrom; mechanism=\"ip4:192.0.2.1\";",
            field);
    }

    [Fact]
    public async Task Format_PermError_QuotesProblemAndIpv6()
    {
        SpfResult result = await CheckAsync("v=spf1 bogus \"x\"", "2001:db8::1");

        string field = ReceivedSpfHeader.Format(result, null);

        Assert.StartsWith("Received-SPF: permerror (unknown: permanent error in processing domain of myname@example.com)", field, StringComparison.Ordinal);
        Assert.Contains(" client-ip=\"2001:db8::1\";", field, StringComparison.Ordinal);
        Assert.Contains(" problem=\"invalid SPF record at 'example.com': unknown mechanism in 'bogus' at offset 7\";", field, StringComparison.Ordinal);
        Assert.DoesNotContain("mechanism=", field, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Format_HostileValues_AreQuotedAndControlCharactersRemoved()
    {
        var zone = new ZoneFileResolver();
        SpfResult result = await new SpfEvaluator(zone).CheckMailFromAsync(IPAddress.Parse("192.0.2.1"), "a\"b\\c\r\n(x)@example.com", "evil\r\nX-Injected: 1");

        string field = ReceivedSpfHeader.Format(result, "mx(1)");

        Assert.DoesNotContain('\r', field);
        Assert.DoesNotContain('\n', field);
        Assert.Contains("envelope-from=\"a\\\"b\\\\c  (x)@example.com\";", field, StringComparison.Ordinal);
        Assert.Contains("(mx\\(1\\):", field, StringComparison.Ordinal);
    }
}
