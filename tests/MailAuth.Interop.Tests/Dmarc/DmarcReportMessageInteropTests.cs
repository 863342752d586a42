using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.MimeKit;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Interop.Tests.Dmarc;

/// <summary>
/// Aggregate report messages against Mail::DMARC (Debian libmail-dmarc-perl): its receiver reads the emails we compose into
/// its SQLite store (the stored rows are compared with what we generated), and we read the XML its aggregate writer
/// produces. Offline: the driver makes every Net::DNS query die, and only the report parts of Mail::DMARC run.
/// Mail::DMARC reads reports with namespace-less XPath, so it is fed the RFC 7489 format (an RFC 9990 report, in the
/// dmarc-2.0 namespace, would be stored without records).
/// </summary>
public sealed class DmarcReportMessageInteropTests : IDisposable
{
    private static readonly string Driver = Path.Combine(AppContext.BaseDirectory, "Peers", "maildmarc-report-driver.pl");
    private readonly string _directory = Directory.CreateTempSubdirectory("mailauth-maildmarc-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<string> RequirePeerAsync()
    {
        string? perl = Peers.FindOnPath("perl");
        bool available = perl is not null
            && (await Peers.RunAsync(perl, ["-MMail::DMARC::Report::Receive", "-MDBD::SQLite", "-e", "1"])).ExitCode == 0;
        Peers.Require(available, "perl with Mail::DMARC and DBD::SQLite not available (apt-get install libmail-dmarc-perl; see .ci/apt/dmarc.txt)");
        return perl!;
    }

    private static DmarcAggregateReport Report() => new()
    {
        Format = DmarcReportFormat.Rfc7489,
        Version = "1.0",
        Metadata = new DmarcReportMetadata
        {
            OrgName = "mx.example.net",
            Email = "dmarc-reports@mx.example.net",
            ReportId = "example.com.1764547200.1764633599",
            Begin = DateTimeOffset.FromUnixTimeSeconds(1764547200),
            End = DateTimeOffset.FromUnixTimeSeconds(1764633599),
        },
        PolicyPublished = new DmarcPublishedPolicy { Domain = "example.com", Policy = DmarcPolicy.Reject, SubdomainPolicy = DmarcPolicy.Quarantine, Percentage = 100, DkimAlignment = DmarcAlignmentMode.Relaxed, SpfAlignment = DmarcAlignmentMode.Strict },
        Records =
        [
            new DmarcReportRecord
            {
                SourceIp = "192.0.2.10", Count = 12, Disposition = DmarcReportDisposition.None, DkimAligned = true, SpfAligned = true,
                HeaderFrom = "example.com", EnvelopeFrom = "example.com",
                DkimResults = [new DmarcReportDkimResult("example.com", "s2026", "pass")],
                SpfResults = [new DmarcReportSpfResult("example.com", "mfrom", "pass")],
            },
            new DmarcReportRecord
            {
                SourceIp = "2001:db8::25", Count = 3, Disposition = DmarcReportDisposition.Reject, DkimAligned = false, SpfAligned = false,
                HeaderFrom = "example.com", EnvelopeFrom = "spoof.example",
                DkimResults = [new DmarcReportDkimResult("spoof.example", "x", "fail")],
                SpfResults = [new DmarcReportSpfResult("spoof.example", "mfrom", "softfail")],
            },
        ],
    };

    [SkippableFact]
    public async Task MailDmarcReceive_OurReportEmail_StoresTheRowsWeGenerated()
    {
        string perl = await RequirePeerAsync();
        var composer = new DmarcReportMessageComposer(new DmarcReportMessageOptions { From = "dmarc-reports@mx.example.net" }, new DmarcReportAuthorization(new ZoneFileResolver()));
        DmarcReportMessage message = await composer.ComposeAsync(Report(), [new DmarcReportUri(new Uri("mailto:dmarc@example.com"))]);
        Assert.True(message.Success, message.Reason);
        string eml = Path.Combine(_directory, "report.eml");
        await File.WriteAllBytesAsync(eml, message.Content!);
        string ini = Path.Combine(_directory, "mail-dmarc.ini");
        await File.WriteAllTextAsync(ini, $"""
            [organization]
            domain = example.com
            org_name = Domain Owner
            email = dmarc@example.com
            [report_store]
            backend = SQL
            dsn = dbi:SQLite:dbname={Path.Combine(_directory, "reports.sqlite")}
            user =
            pass =
            auto_save = 0
            [dns]
            timeout = 1

            """);

        ProcessResult run = await Peers.RunAsync(perl, [Driver, "receive", ini, eml], workingDirectory: _directory, environment: new Dictionary<string, string> { ["MAIL_DMARC_CONFIG_FILE"] = ini });

        Assert.True(run.ExitCode == 0, run.StandardError);
        string[] lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("type\taggregate", lines);
        Assert.Contains("report\tmx.example.net\tdmarc-reports@mx.example.net\texample.com.1764547200.1764633599\t1764547200\t1764633599\texample.com", lines);
        Assert.Contains("policy\treject\tquarantine\t100\tr\ts", lines);
        Assert.Contains("record\t192.0.2.10\t12\tnone\tpass\tpass\texample.com\texample.com", lines);
        Assert.Contains("record\t2001:db8::25\t3\treject\tfail\tfail\texample.com\tspoof.example", lines);
        Assert.Contains("dkim\t192.0.2.10\texample.com\ts2026\tpass", lines);
        Assert.Contains("spf\t2001:db8::25\tspoof.example\tmfrom\tsoftfail", lines);
        Assert.Equal(2, lines.Count(l => l.StartsWith("record\t", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task OurReader_MailDmarcAggregateXml_ReadsEveryRecord()
    {
        string perl = await RequirePeerAsync();
        string input = string.Join('\n',
            "meta\tPeer Org\tdmarc@peer.example\trid-1\t1764547200\t1764633599",
            "policy\texample.com\treject\tnone\t100\tr\tr",
            "record\t192.0.2.1\t3\treject\tfail\tfail\texample.com\tbounce.example.com\texample.com\ts1\tfail\tbounce.example.com\tsoftfail",
            "record\t2001:db8::1\t5\tnone\tpass\tfail\texample.com\tother.example\texample.com\ts1\tpass\tother.example\tpass") + "\n";

        ProcessResult run = await Peers.RunAsync(perl, [Driver, "aggregate"], input);
        Assert.True(run.ExitCode == 0, run.StandardError);
        byte[] xml = System.Text.Encoding.UTF8.GetBytes(run.StandardOutput);

        // Bare, and as the attachment of a report email of ours.
        DmarcReportReadResult bare = new DmarcReportReader().Read(xml);
        Assert.True(bare.Success, bare.Reason);
        DmarcAggregateReport report = bare.Report!;
        Assert.Equal("Peer Org", report.Metadata.OrgName);
        Assert.Equal("rid-1", report.Metadata.ReportId);
        Assert.Equal(1764547200, report.Metadata.Begin.ToUnixTimeSeconds());
        Assert.Equal(DmarcPolicy.Reject, report.PolicyPublished.Policy);
        Assert.Equal(8, report.MessageCount);
        Assert.Equal(["192.0.2.1", "2001:db8::1"], report.Records.Select(r => r.SourceIp));
        Assert.Equal([DmarcReportDisposition.Reject, DmarcReportDisposition.None], report.Records.Select(r => r.Disposition));
        Assert.Equal("bounce.example.com", report.Records[0].EnvelopeFrom);
        Assert.Equal("softfail", report.Records[0].SpfResults.Single().Result);
        Assert.True(report.Records[1].DkimAligned);

        var composer = new DmarcReportMessageComposer(new DmarcReportMessageOptions { From = "noreply@peer.example" }, new DmarcReportAuthorization(new ZoneFileResolver()));
        DmarcReportMessage message = await composer.ComposeAsync(report with { Metadata = report.Metadata with { ReportId = "rid-1" } }, [new DmarcReportUri(new Uri("mailto:dmarc@example.com"))]);
        DmarcReportMessageReadResult fromEmail = new DmarcReportMessageReader().Read(message.Content);
        Assert.Equal(report.MessageCount, Assert.Single(fromEmail.Reports).MessageCount);
    }
}
