using System.Text;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Tests.Reports;

public sealed class DmarcReportWriterTests
{
    private const string Rfc9990Schema = "ietf-aggregate-reporting-draft32/dmarc-xml-0.2.xsd";
    private const string Rfc7489Schema = "rfc7489/rua-schema.xsd";

    [Fact]
    public void Write_Rfc9990_ValidatesAgainstSchema()
    {
        byte[] xml = DmarcReportWriter.ToUtf8Bytes(ReportSamples.Full(DmarcReportFormat.Rfc9990));

        Assert.Empty(ReportSamples.Validate(xml, Rfc9990Schema, withoutTargetNamespace: false));
        string text = Encoding.UTF8.GetString(xml);
        Assert.Contains("<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">", text, StringComparison.Ordinal);
        Assert.Contains("<np>reject</np>", text, StringComparison.Ordinal);
        Assert.Contains("<discovery_method>treewalk</discovery_method>", text, StringComparison.Ordinal);
        Assert.Contains("<testing>n</testing>", text, StringComparison.Ordinal);
        Assert.Contains("<comment>sampled_out</comment>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Rfc7489_ValidatesAgainstSchema()
    {
        byte[] xml = DmarcReportWriter.ToUtf8Bytes(ReportSamples.Full(DmarcReportFormat.Rfc7489));

        Assert.Empty(ReportSamples.Validate(xml, Rfc7489Schema, withoutTargetNamespace: true));
        string text = Encoding.UTF8.GetString(xml);
        Assert.Contains("<source_ip>2001:db8:0:0:0:0:0:66</source_ip>", text, StringComparison.Ordinal);
        Assert.Contains("<disposition>none</disposition>", text, StringComparison.Ordinal);
        Assert.Contains("<type>sampled_out</type>", text, StringComparison.Ordinal);
        Assert.Contains("<comment>policy_test_mode</comment>", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DmarcReportFormat.Rfc9990)]
    [InlineData(DmarcReportFormat.Rfc7489)]
    public void Write_ThenRead_ReadsBackEqual(DmarcReportFormat format)
    {
        byte[] xml = DmarcReportWriter.ToUtf8Bytes(ReportSamples.Full(format));

        DmarcReportReadResult read = new DmarcReportReader().Read(xml);

        Assert.True(read.Success, read.Reason);
        Assert.Equal(format, read.Report!.Format);
        Assert.Equal(xml, DmarcReportWriter.ToUtf8Bytes(read.Report));
        Assert.Equal(16, read.Report.MessageCount);
    }

    [Fact]
    public void Write_RealSamplesRewrittenInBothFormats_ValidateAgainstSchemas()
    {
        var reader = new DmarcReportReader();
        foreach (string file in Directory.EnumerateFiles(ReportFiles.PathOf("samples"), "*.xml", SearchOption.AllDirectories))
        {
            DmarcReportReadResult read = reader.Read(File.ReadAllBytes(file));
            if (!read.Success)
            {
                continue;
            }

            byte[] bis = DmarcReportWriter.ToUtf8Bytes(read.Report! with { Format = DmarcReportFormat.Rfc9990 });
            byte[] old = DmarcReportWriter.ToUtf8Bytes(read.Report! with { Format = DmarcReportFormat.Rfc7489 });
            Assert.True(ReportSamples.Validate(bis, Rfc9990Schema, false) is { Count: 0 } e1, file + ": " + string.Join("; ", ReportSamples.Validate(bis, Rfc9990Schema, false)));
            List<string> e2 = ReportSamples.Validate(old, Rfc7489Schema, true);

            // RFC 7489's IPAddress pattern: only samples whose source IPs are addresses can validate.
            if (read.Report!.Records.All(r => ReportSamples.IsIp(r.SourceIp)))
            {
                Assert.True(e2.Count == 0, file + ": " + string.Join("; ", e2));
            }
        }
    }

    [Fact]
    public void Write_ControlCharactersInText_ReplacedNotThrown()
    {
        DmarcAggregateReport report = ReportSamples.Full(DmarcReportFormat.Rfc9990);
        report = report with { Metadata = report.Metadata with { OrgName = "evil\u0001\u0000\uD800org" } };

        byte[] xml = DmarcReportWriter.ToUtf8Bytes(report);

        DmarcReportReadResult read = new DmarcReportReader().Read(xml);
        Assert.True(read.Success, read.Reason);
        Assert.Equal("evil\uFFFD\uFFFD\uFFFDorg", read.Report!.Metadata.OrgName);
    }
}
