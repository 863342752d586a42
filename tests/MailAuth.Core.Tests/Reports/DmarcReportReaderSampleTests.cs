using MailAuth.Dmarc;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Tests.Reports;

/// <summary>Every real sample report: parsed, or rejected with its documented error.</summary>
public sealed class DmarcReportReaderSampleTests
{
    private static readonly DmarcReportReader Reader = new();

    public static TheoryData<string> GoodSamples()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(ReportFiles.PathOf("samples"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (name is "LICENSE" or "invalid_xml.xml" || name.EndsWith(".eml", StringComparison.Ordinal))
            {
                continue;
            }

            data.Add(Path.GetRelativePath(ReportFiles.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoodSamples))]
    public void Read_RealSample_Parses(string relative)
    {
        DmarcReportReadResult result = Reader.Read(ReportFiles.Bytes(relative));

        Assert.True(result.Success, $"{result.Error}: {result.Reason}");
        DmarcAggregateReport report = result.Report!;
        Assert.NotEmpty(report.Records);
        Assert.False(string.IsNullOrEmpty(report.PolicyPublished.Domain));
        Assert.True(report.Metadata.End >= report.Metadata.Begin);
        Assert.All(report.Records, r => Assert.True(r.Count >= 0));
    }

    [Fact]
    public void Read_MailDmarcSampleInThreeContainers_SameReport()
    {
        DmarcReportReadResult xml = Reader.Read(ReportFiles.Bytes("samples/mail-dmarc/test_dmarc.xml"));
        DmarcReportReadResult gz = Reader.Read(ReportFiles.Bytes("samples/mail-dmarc/test_dmarc.xml.gz"));
        DmarcReportReadResult zip = Reader.Read(ReportFiles.Bytes("samples/mail-dmarc/test_dmarc.xml.zip"));

        Assert.Equal(DmarcReportContainer.Xml, xml.Container);
        Assert.Equal(DmarcReportContainer.Gzip, gz.Container);
        Assert.Equal(DmarcReportContainer.Zip, zip.Container);
        byte[] expected = DmarcReportWriter.ToUtf8Bytes(xml.Report!);
        Assert.Equal(expected, DmarcReportWriter.ToUtf8Bytes(gz.Report!));
        Assert.Equal(expected, DmarcReportWriter.ToUtf8Bytes(zip.Report!));
        Assert.Equal("example.com", xml.Report!.PolicyPublished.Domain);
        Assert.Equal(DmarcReportFormat.Rfc7489, xml.Report.Format);
    }

    [Fact]
    public void Read_Rfc9990Sample_ReadsNewElements()
    {
        DmarcReportReadResult result = Reader.Read(ReportFiles.Bytes("schema/ietf-aggregate-reporting-draft32/dmarc-xml-0.2.xml"));

        Assert.True(result.Success, result.Reason);
        DmarcAggregateReport report = result.Report!;
        Assert.Equal(DmarcReportFormat.Rfc9990, report.Format);
        Assert.Equal(DmarcPolicy.None, report.PolicyPublished.NonExistentSubdomainPolicy);
        Assert.False(report.PolicyPublished.Testing);
        Assert.Equal(DmarcDiscoveryMethod.TreeWalk, report.PolicyPublished.DiscoveryMethod);
        Assert.Equal("Example DMARC Aggregate Reporter v1.2", report.Metadata.Generator);
        DmarcReportRecord record = Assert.Single(report.Records);
        Assert.Equal(123, record.Count);
        Assert.Equal(DmarcReportDisposition.Pass, record.Disposition);
        Assert.True(record.DkimAligned);
        Assert.False(record.SpfAligned);
        Assert.Equal(new DmarcReportDkimResult("example.com", "abc123", "pass"), Assert.Single(record.DkimResults));
    }

    [Fact]
    public void Read_InvalidXmlSample_InvalidXmlWithPosition()
    {
        DmarcReportReadResult result = Reader.Read(ReportFiles.Bytes("samples/parsedmarc/aggregate/invalid_xml.xml"));

        Assert.False(result.Success);
        Assert.Equal(DmarcReportReadError.InvalidXml, result.Error);
        Assert.Contains("line 5", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8Sample_ParsesWithReplacementAndWarning()
    {
        DmarcReportReadResult result = Reader.Read(ReportFiles.Bytes("samples/parsedmarc/aggregate/invalid_utf_8.xml"));

        Assert.True(result.Success, result.Reason);
        Assert.Contains('\uFFFD', result.Report!.Records[0].HeaderFrom);
        Assert.Contains(result.Warnings, w => w.Contains("UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_UpperCasedWords_AcceptedCaseInsensitively()
    {
        DmarcReportReadResult result = Reader.Read(ReportFiles.Bytes("samples/parsedmarc/aggregate_invalid/report_with_upper_cased_pass.xml"));

        Assert.True(result.Success, result.Reason);
        DmarcReportRecord record = Assert.Single(result.Report!.Records);
        Assert.True(record.DkimAligned);
        Assert.True(record.SpfAligned);
        Assert.Equal("pass", record.DkimResults[0].Result);
    }

    [Fact]
    public void Read_EmptyReason_IgnoredWithWarning()
    {
        DmarcReportReadResult result = Reader.Read(ReportFiles.Bytes("samples/parsedmarc/aggregate/empty_reason.xml"));

        Assert.True(result.Success, result.Reason);
        Assert.Empty(result.Report!.Records[0].Reasons);
        Assert.Contains(result.Warnings, w => w.Contains("reason", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("samples/parsedmarc/aggregate/twilight.eml")]
    [InlineData("samples/parsedmarc/aggregate/mimecast-weird-gzip.eml")]
    [InlineData("samples/parsedmarc/aggregate/Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml")]
    public void Read_MimeMessage_MimeMessageError(string relative)
    {
        DmarcReportReadResult result = Reader.Read(ReportFiles.Bytes(relative));

        Assert.Equal(DmarcReportReadError.MimeMessage, result.Error);
        Assert.Equal(DmarcReportContainer.Mime, result.Container);
    }

    [Fact]
    public void Read_LargeSample_AllRecordsAndTotals()
    {
        DmarcReportReadResult result = Reader.Read(ReportFiles.Bytes("samples/parsedmarc/aggregate/!large-example.com!1711897200!1711983600.xml"));

        Assert.True(result.Success, result.Reason);
        Assert.True(result.Report!.Records.Count > 1000);
        Assert.Equal(result.Report.Records.Sum(r => r.Count), result.Report.MessageCount);
    }
}
