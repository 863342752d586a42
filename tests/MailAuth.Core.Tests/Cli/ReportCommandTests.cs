using System.Text.Json;
using MailAuth.Cli;
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
}
