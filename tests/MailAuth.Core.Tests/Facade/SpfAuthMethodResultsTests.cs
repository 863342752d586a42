using System.Net;
using MailAuth.AuthResults;
using MailAuth.Dns;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Facade;

public class SpfAuthMethodResultsTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.1");

    private static SpfEvaluator Evaluator()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", "v=spf1 ip4:192.0.2.1 -all");
        zone.AddTxt("mail.example.com", "v=spf1 -all");
        zone.AddTxt("broken.example", "v=spf1 nonsense");
        return new SpfEvaluator(zone);
    }

    [Fact]
    public async Task ToAuthMethodResult_MailFrom_FormatsSpfMethod()
    {
        SpfResult result = await Evaluator().CheckMailFromAsync(Client, "alice@example.com", "mail.example.com");

        var header = new AuthResultsHeader("mx.example.org", [result.ToAuthMethodResult()]);

        Assert.Equal("spf", header.Results[0].Method);
        Assert.Equal("alice@example.com", header.Results[0].GetProperty("smtp", "mailfrom"));
        Assert.Contains("spf=pass smtp.mailfrom=alice@example.com", AuthResultsFormatter.Format(header), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToAuthMethodResult_Helo_UsesSmtpHelo()
    {
        SpfResult result = await Evaluator().CheckHeloAsync(Client, "mail.example.com");

        AuthMethodResult method = result.ToAuthMethodResult();

        Assert.Equal("fail", method.Result);
        Assert.Equal("mail.example.com", method.GetProperty("smtp", "helo"));
    }

    [Fact]
    public async Task ToAuthMethodResult_PermError_CarriesReasonAndSurvivesHostileInput()
    {
        SpfResult result = await Evaluator().CheckMailFromAsync(Client, "evil\r\nX: y@broken.example", "h");

        AuthMethodResult method = result.ToAuthMethodResult();
        string text = AuthResultsFormatter.Format(new AuthResultsHeader("mx.example.org", [method]));

        Assert.Equal("permerror", method.Result);
        Assert.Contains("unknown mechanism", method.Reason, StringComparison.Ordinal);
        Assert.True(AuthResultsHeader.TryParse(text.Split(':', 2)[1], out AuthResultsHeader? parsed, out _), text);
        Assert.Equal("permerror", parsed.Results[0].Result);
    }

    [Fact]
    public async Task ToAuthMethodResult_SenderId_UsesHeaderProperty()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", "spf2.0/pra ip4:192.0.2.1 -all");
        SpfResult result = await new SenderIdEvaluator(zone).CheckPraAsync(Client, [new KeyValuePair<string, string>("Sender", "a@example.com")]);

        AuthMethodResult method = result.ToAuthMethodResult();

        Assert.Equal("sender-id", method.Method);
        Assert.Equal("pass", method.Result);
        Assert.Equal("a@example.com", method.GetProperty("header", "sender"));
    }

    [Fact]
    public async Task ToAuthMethodResult_SenderIdFromResentSender_UsesFieldNameAsProperty()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.org", "v=spf1 -all");
        SpfResult result = await new SenderIdEvaluator(zone).CheckPraAsync(Client, [new KeyValuePair<string, string>(" RESENT-sender ", "r@example.org")]);

        AuthMethodResult method = result.ToAuthMethodResult();

        Assert.Equal("fail", method.Result);
        Assert.Equal("r@example.org", method.GetProperty("header", "resent-sender"));
    }
}
