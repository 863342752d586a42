using System.Net;
using System.Text;
using MailAuth.Dmarc;
using MailAuth.Dns;

namespace MailAuth.Reports.Tests.FailureReports;

/// <summary>A failing message (SPF fail, a DKIM signature without key, DMARC fail under p=reject with ruf) and its decision.</summary>
internal static class FailureReportFixture
{
    public const string Zone = """
        example.com. TXT "v=spf1 ip4:192.0.2.25 -all"
        _dmarc.example.com. TXT "v=DMARC1; p=reject; fo=1:d:s; ruf=mailto:ruf@example.com"
        """;

    public static string Message(string from = "Alice Example <alice@example.com>", string subject = "Quarterly numbers", string extraHeaders = "") =>
        "Received: from mail.example.com (mail.example.com [203.0.113.9]) by mx.example.net with ESMTP id 1234\r\n" +
        "\tfor <bob@example.net>; Thu, 15 Jan 2026 12:00:00 +0000\r\n" +
        "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; i=alice@example.com; h=from:subject; bh=AAAA; b=BBBB\r\n" +
        $"From: {from}\r\n" +
        "To: Bob <bob@example.net>\r\n" +
        $"Subject: {subject}\r\n" +
        "Message-ID: <12345@mail.example.com>\r\n" +
        extraHeaders +
        "\r\n" +
        "The numbers are attached.\r\n";

    public static ZoneFileResolver Resolver()
    {
        var zone = new ZoneFileResolver();
        zone.LoadZone(Zone, "example.com.");
        return zone;
    }

    public static async Task<(AuthenticationOutcome Outcome, DmarcFailureReportDecision Decision)> FailAsync(string message, string mailFrom = "alice@example.com", string ip = "203.0.113.9")
    {
        ZoneFileResolver zone = Resolver();
        AuthenticationOutcome outcome = await new MessageAuthenticator(zone, new MessageAuthenticatorOptions { AuthServId = "mx.example.net" })
            .AuthenticateAsync(Encoding.UTF8.GetBytes(message), new SmtpContext(IPAddress.Parse(ip), "mail.example.com", mailFrom));
        var decider = new DmarcFailureReportDecider(new DmarcReportAuthorization(zone), new DmarcFailureReportRateLimiter());
        DmarcFailureReportDecision decision = (await decider.DecideAsync(outcome)).Single();
        return (outcome, decision);
    }
}
