using System.Text.Json;
using MailAuth.Cli;
using MailAuth.Dmarc;
using MailAuth.MimeKit;
using MailAuth.Reports;
using MailAuth.Reports.Sqlite;
using MailAuth.Tests.Reports;
using Xunit;

namespace MailAuth.Tests.Cli;

public sealed class ReportCommandTests
{
    [Fact]
    public async Task ReportRead_ZipSample_PrintsReportAndSummary()
    {
        var result = await CliHarness.RunAsync("report", "read", ReportFiles.PathOf("samples/mail-dmarc/test_dmarc.xml.zip"));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Rfc7489 report 1234567890 from Test Sender <noreply@test.example>", result.Out, StringComparison.Ordinal);
        Assert.Contains("summary: 1 messages, 1 pass DMARC, 0 would be rejected under p=reject", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportRead_InvalidFileBesideGoodOne_Exit1WithError()
    {
        var result = await CliHarness.RunAsync("report", "read", ReportFiles.PathOf("samples/mail-dmarc/test_dmarc.xml"), ReportFiles.PathOf("samples/parsedmarc/aggregate/invalid_xml.xml"));

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains("error: InvalidXml", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportRead_Json_OneDocumentWithSummary()
    {
        var result = await CliHarness.RunAsync("report", "read", ReportFiles.PathOf("samples/mail-dmarc/test_dmarc.xml.gz"), "--json");

        using JsonDocument json = JsonDocument.Parse(result.Out);
        Assert.Equal("gzip", json.RootElement.GetProperty("files")[0].GetProperty("container").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("messages").GetInt64());
    }

    [Fact]
    public async Task ReportRead_ControlCharactersInReport_Escaped()
    {
        using var harness = new CliHarness();
        string xml = File.ReadAllText(ReportFiles.PathOf("samples/mail-dmarc/test_dmarc.xml")).Replace("Test Sender", "Test\u009b2J Sender", StringComparison.Ordinal);
        string path = harness.WriteFile("evil.xml", xml);

        var result = await CliHarness.RunAsync("report", "read", path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.DoesNotContain('\u009b', result.Out);
    }

    [Fact]
    public async Task ReportRead_EmlSample_ReadsTheAttachedReport()
    {
        var result = await CliHarness.RunAsync("report", "read", ReportFiles.PathOf("samples/parsedmarc/aggregate/twilight.eml"));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("twilight.eml [", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportWrite_SqliteStoreAndZone_WritesEmlThatReportReadReads()
    {
        using var harness = new CliHarness();
        string db = harness.WriteFile("reports.db", string.Empty);
        var store = new SqliteDmarcReportStore(db);
        var interval = new DmarcReportInterval("example.com", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var policy = new DmarcPublishedPolicy { Domain = "example.com", Policy = DmarcPolicy.Reject };
        await store.RecordAsync([new DmarcReportEntry(interval, policy, new DmarcReportRecord { SourceIp = "192.0.2.1", Count = 7, HeaderFrom = "example.com", Disposition = DmarcReportDisposition.Reject })]);
        string zone = harness.WriteFile("dmarc.zone", """
            _dmarc.example.com. 300 IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com,mailto:victim@victim.example"
            """ + "\n");
        string outDir = Path.Combine(Path.GetDirectoryName(db)!, "out");

        var write = await CliHarness.RunAsync("report", "write", "--store", db, "--from", "2026-11-30T00:00:00Z", "--to", "2026-12-02T00:00:00Z",
            "--out", outDir, "--email", "dmarc-reports@mx.example.net", "--zone", zone, "--now", "2026-12-02T00:10:00Z");

        Assert.Equal(ExitCodes.Ok, write.ExitCode);
        Assert.Contains("accepted mailto:dmarc@example.com", write.Out, StringComparison.Ordinal);
        Assert.Contains("notauthorized mailto:victim@victim.example", write.Out, StringComparison.Ordinal);
        string eml = Assert.Single(Directory.GetFiles(outDir));
        Assert.Equal($"mx.example.net!example.com!{interval.Begin.ToUnixTimeSeconds()}!{interval.End.ToUnixTimeSeconds() - 1}.eml", Path.GetFileName(eml));
        DmarcReportMessageReadResult read = new DmarcReportMessageReader().Read(File.ReadAllBytes(eml));
        Assert.Equal(7, Assert.Single(read.Reports).MessageCount);

        var readBack = await CliHarness.RunAsync("report", "read", eml);
        Assert.Equal(ExitCodes.Ok, readBack.ExitCode);
        Assert.Contains("summary: 7 messages", readBack.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportWrite_MissingStore_UsageError()
    {
        var result = await CliHarness.RunAsync("report", "write", "--store", "/nonexistent/reports.db", "--from", "2026-11-30T00:00:00Z", "--to", "2026-12-02T00:00:00Z", "--out", "x", "--email", "a@example.net");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}
