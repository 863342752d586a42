using System.Net;
using System.Text;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.MimeKit;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Interop.Tests.Reports;

/// <summary>
/// DMARC failure reports (AFRF) against Perl's mail modules. No packaged program parses or writes ARF as such (Debian has no
/// Email::ARF; Mail::DMARC only classifies a message/feedback-report or text/rfc822-headers part as "forensic" and stops;
/// npm mailauth has no ARF): so the peer is Email::MIME (libemail-mime-perl, a Mail::DMARC dependency) as an independent MIME
/// parser and writer, plus Mail::DMARC's report classifier. Our reports must parse there, and a report Email::MIME composes
/// must parse with <see cref="ArfReportReader"/>.
/// </summary>
public sealed class ArfPerlInteropTests
{
    private static readonly string Driver = Path.Combine(AppContext.BaseDirectory, "Peers", "arf-perl-driver.pl");

    private static async Task<string> RequirePerlAsync()
    {
        string? perl = Peers.FindOnPath("perl");
        Peers.Require(perl is not null, "perl not on PATH (apt-get install perl)");
        ProcessResult probe = await Peers.RunAsync(perl!, ["-MEmail::MIME", "-MMail::DMARC::Report::Receive", "-e", "1"]);
        Peers.Require(probe.ExitCode == 0, "Email::MIME or Mail::DMARC missing (apt-get install libemail-mime-perl libmail-dmarc-perl)");
        return perl!;
    }

    [SkippableFact]
    public async Task OurReport_ParsedByEmailMime_FieldsAndPartsSeen()
    {
        string perl = await RequirePerlAsync();
        var zone = new ZoneFileResolver();
        zone.LoadZone("""
            example.com. TXT "v=spf1 ip4:192.0.2.25 -all"
            _dmarc.example.com. TXT "v=DMARC1; p=reject; ruf=mailto:ruf@example.com"
            """, "example.com.");
        string message = "From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: Invoice\r\nMessage-ID: <1@example.com>\r\n\r\nPay now.\r\n";
        AuthenticationOutcome outcome = await new MessageAuthenticator(zone, new MessageAuthenticatorOptions { AuthServId = "mx.example.net" })
            .AuthenticateAsync(Encoding.ASCII.GetBytes(message), new SmtpContext(IPAddress.Parse("203.0.113.9"), "mail.example.com", "alice@example.com"));
        DmarcFailureReportDecision decision = (await new DmarcFailureReportDecider(new DmarcReportAuthorization(zone), new DmarcFailureReportRateLimiter()).DecideAsync(outcome)).Single();
        var composer = new DmarcFailureReportComposer(new DmarcFailureReportComposerOptions { From = "dmarc@mx.example.net", Redaction = DmarcFailureReportRedaction.Token });
        string path = Path.Combine(Directory.CreateTempSubdirectory("arf-interop-").FullName, "report.eml");
        await File.WriteAllBytesAsync(path, DmarcFailureReportComposer.ToBytes(composer.Compose(outcome, decision, Encoding.ASCII.GetBytes(message))));

        ProcessResult result = await Peers.RunAsync(perl, [Driver, "read", path]);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.StandardOutput.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("content-type: multipart/report", lines);
        Assert.Contains("report-type: feedback-report", lines);
        Assert.Contains("subject: FW: Invoice", lines);
        Assert.Equal(["part: text/plain", "part: message/feedback-report", "part: text/rfc822-headers"], lines.Where(l => l.StartsWith("part: ", StringComparison.Ordinal)));
        Assert.Contains("field: Feedback-Type: auth-failure", lines);
        Assert.Contains("field: Auth-Failure: dmarc", lines);
        Assert.Contains("field: Identity-Alignment: spf", lines);
        Assert.Contains("field: Original-Mail-From: <redacted@example.com>", lines);
        Assert.Contains("field: Source-IP: 203.0.113.9", lines);
        Assert.Contains("field: Reported-Domain: example.com", lines);
        Assert.Contains("original-from: Alice <redacted@example.com>", lines);
        Assert.Contains("mail-dmarc: forensic", lines);
    }

    [SkippableFact]
    public async Task EmailMimeReport_ReadByUs_Fields()
    {
        string perl = await RequirePerlAsync();

        ProcessResult written = await Peers.RunAsync(perl, [Driver, "write"]);

        Assert.True(written.ExitCode == 0, written.ToString());
        ArfReadResult read = new ArfReportReader().Read(Encoding.UTF8.GetBytes(written.StandardOutput));
        Assert.True(read.Success, read.Reason);
        Assert.Equal("auth-failure", read.Report.FeedbackType);
        Assert.Equal("dmarc", read.Report.AuthFailure);
        Assert.Equal("PerlPeer/1.0", read.Report.UserAgent);
        Assert.Equal(["dkim", "spf"], read.Report.IdentityAlignment);
        Assert.Equal("reject", read.Report.DeliveryResult);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), read.Report.SourceIp);
        Assert.Equal(["example.com"], read.Report.ReportedDomains);
        Assert.True(read.Report.OriginalIsHeadersOnly);
        Assert.Equal("Hello", read.Report.Original.Subject);
        Assert.Equal("FW: Hello", read.Report.Subject);
    }
}
