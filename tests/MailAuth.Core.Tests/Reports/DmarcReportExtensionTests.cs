using System.Text;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Tests.Reports;

public sealed class DmarcReportExtensionTests
{
    private const string Rfc9990Schema = "ietf-aggregate-reporting-draft32/dmarc-xml-0.2.xsd";

    private static DmarcReportExtension Ext(string xml) =>
        DmarcReportExtension.TryCreate(xml, out DmarcReportExtension? e, out string? error) ? e : throw new ArgumentException(error);

    private static DmarcAggregateReport WithExtensions(DmarcReportFormat format)
    {
        DmarcAggregateReport report = ReportSamples.Full(format);
        return report with
        {
            Extensions = [Ext("<ext:arc-override xmlns:ext=\"urn:example:arc\">never</ext:arc-override>")],
            Records = report.Records.Select(r => r with { Extensions = [Ext("<ext:arc-results xmlns:ext=\"urn:example:arc\" n=\"1\"><ext:seal>pass</ext:seal></ext:arc-results>")] }).ToArray(),
        };
    }

    [Fact]
    public void Write_FileAndRecordExtensions_ValidAgainstSchemaAndReadBack()
    {
        byte[] xml = DmarcReportWriter.ToUtf8Bytes(WithExtensions(DmarcReportFormat.Rfc9990));

        // processContents="lax": the extension elements have no schema, which the validator reports as warnings only.
        Assert.DoesNotContain(ReportSamples.Validate(xml, Rfc9990Schema, withoutTargetNamespace: false), e => !e.StartsWith("Warning", StringComparison.Ordinal));
        DmarcReportReadResult read = new DmarcReportReader().Read(xml);
        Assert.True(read.Success, read.Reason);
        DmarcReportExtension file = Assert.Single(read.Report!.Extensions);
        Assert.Equal(("urn:example:arc", "arc-override"), (file.NamespaceUri, file.LocalName));
        Assert.Contains(">never<", file.Xml, StringComparison.Ordinal);
        DmarcReportExtension record = Assert.Single(read.Report.Records[0].Extensions);
        Assert.Equal("arc-results", record.LocalName);
        Assert.Equal(xml, DmarcReportWriter.ToUtf8Bytes(read.Report));
    }

    [Fact]
    public void Write_Rfc7489_ExtensionsOmitted()
    {
        string xml = Encoding.UTF8.GetString(DmarcReportWriter.ToUtf8Bytes(WithExtensions(DmarcReportFormat.Rfc7489)));

        Assert.DoesNotContain("urn:example:arc", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<extension", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Rfc9990Section5Example_ExtensionsKept()
    {
        const string xml = """
            <feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0" xmlns:ext="urn:example:arc">
              <report_metadata><org_name>r</org_name><email>a@r.example</email><report_id>1</report_id>
                <date_range><begin>1</begin><end>2</end></date_range></report_metadata>
              <policy_published><domain>example.com</domain><p>quarantine</p><sp>none</sp><testing>n</testing></policy_published>
              <extension><ext:arc-override>never</ext:arc-override></extension>
              <record><row><source_ip>192.0.2.1</source_ip><count>1</count>
                <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row>
                <identifiers><header_from>example.com</header_from></identifiers>
                <auth_results><spf><domain>example.com</domain><result>fail</result></spf></auth_results>
                <ext:arc-results><ext:chain>pass</ext:chain></ext:arc-results>
              </record>
            </feedback>
            """;

        DmarcReportReadResult read = new DmarcReportReader().Read(Encoding.UTF8.GetBytes(xml));

        Assert.True(read.Success, read.Reason);
        Assert.Equal("arc-override", Assert.Single(read.Report!.Extensions).LocalName);
        DmarcReportExtension record = Assert.Single(read.Report.Records[0].Extensions);
        Assert.Equal("<ext:arc-results xmlns:ext=\"urn:example:arc\"><ext:chain>pass</ext:chain></ext:arc-results>", record.Xml);
    }

    [Fact]
    public void Read_ExtensionLargerThanMax_KeptByNameOnlyWithWarning()
    {
        DmarcAggregateReport report = ReportSamples.Full(DmarcReportFormat.Rfc9990) with
        {
            Extensions = [Ext($"<x:big xmlns:x=\"urn:example:big\">{new string('a', 5000)}</x:big>")],
        };
        var reader = new DmarcReportReader(new DmarcReportReaderOptions { MaxExtensionBytes = 1000 });

        DmarcReportReadResult read = reader.Read(DmarcReportWriter.ToUtf8Bytes(report));

        Assert.True(read.Success, read.Reason);
        DmarcReportExtension big = Assert.Single(read.Report!.Extensions);
        Assert.Equal("big", big.LocalName);
        Assert.Null(big.Xml);
        Assert.Contains(read.Warnings, w => w.Contains("kept by name only", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_MoreExtensionsThanMax_RestSkippedWithWarning()
    {
        DmarcAggregateReport report = ReportSamples.Full(DmarcReportFormat.Rfc9990) with
        {
            Extensions = Enumerable.Range(0, 10).Select(i => Ext($"<x:e{i} xmlns:x=\"urn:example:e\"/>")).ToArray(),
        };
        var reader = new DmarcReportReader(new DmarcReportReaderOptions { MaxExtensions = 3 });

        DmarcReportReadResult read = reader.Read(DmarcReportWriter.ToUtf8Bytes(report));

        Assert.Equal(3, read.Report!.Extensions.Count);
        Assert.Contains(read.Warnings, w => w.Contains("more than 3 extensions", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ExtensionNestedDeeperThanMaxDepth_TooDeep()
    {
        string deep = string.Concat(Enumerable.Repeat("<x:d>", 40)) + string.Concat(Enumerable.Repeat("</x:d>", 40));
        string xml = Encoding.UTF8.GetString(DmarcReportWriter.ToUtf8Bytes(ReportSamples.Full(DmarcReportFormat.Rfc9990)))
            .Replace("</policy_published>", $"</policy_published><extension xmlns:x=\"urn:example:d\">{deep}</extension>", StringComparison.Ordinal);

        Assert.Equal(DmarcReportReadError.TooDeep, new DmarcReportReader().Read(Encoding.UTF8.GetBytes(xml)).Error);
    }

    [Theory]
    [InlineData("<ext:a xmlns:ext=\"urn:x\">unclosed")]
    [InlineData("<a>no namespace</a>")]
    [InlineData("<a xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">report namespace</a>")]
    [InlineData("<!DOCTYPE a [<!ENTITY e \"x\">]><x:a xmlns:x=\"urn:x\">&e;</x:a>")]
    [InlineData("<x:a xmlns:x=\"urn:x\"/><x:b xmlns:x=\"urn:x\"/>")]
    [InlineData("text only")]
    public void TryCreate_NotOneNamespacedWellFormedElement_Refused(string xml)
    {
        Assert.False(DmarcReportExtension.TryCreate(xml, out _, out string? error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void TryCreate_LongerThanMaxLength_Refused()
    {
        string xml = $"<x:a xmlns:x=\"urn:x\">{new string('a', DmarcReportExtension.MaxLength)}</x:a>";

        Assert.False(DmarcReportExtension.TryCreate(xml, out _, out _));
    }
}
