using System.Net;
using System.Xml;
using System.Xml.Schema;
using MailAuth.Dmarc;
using MailAuth.Reports;

namespace MailAuth.Tests.Reports;

/// <summary>Reports built in code, and schema validation of written XML.</summary>
internal static class ReportSamples
{
    public static DmarcAggregateReport Full(DmarcReportFormat format) => new()
    {
        Format = format,
        Version = "1.0",
        Metadata = new DmarcReportMetadata
        {
            OrgName = "mx.example.net",
            Email = "dmarc-reports@example.net",
            ExtraContactInfo = "https://example.net/dmarc",
            ReportId = "example.com.1767225600.1767311999",
            Begin = DateTimeOffset.FromUnixTimeSeconds(1767225600),
            End = DateTimeOffset.FromUnixTimeSeconds(1767311999),
            Errors = ["temporary DNS failure for _dmarc.example.org"],
            Generator = "MailAuth.Core",
        },
        PolicyPublished = new DmarcPublishedPolicy
        {
            Domain = "example.com",
            Policy = DmarcPolicy.Reject,
            SubdomainPolicy = DmarcPolicy.Quarantine,
            NonExistentSubdomainPolicy = DmarcPolicy.Reject,
            DkimAlignment = DmarcAlignmentMode.Relaxed,
            SpfAlignment = DmarcAlignmentMode.Strict,
            Percentage = 100,
            FailureReportingOptions = "1",
            Testing = false,
            DiscoveryMethod = DmarcDiscoveryMethod.TreeWalk,
        },
        Records =
        [
            new DmarcReportRecord
            {
                SourceIp = "192.0.2.25",
                Count = 12,
                Disposition = DmarcReportDisposition.Pass,
                DkimAligned = true,
                SpfAligned = true,
                HeaderFrom = "example.com",
                EnvelopeFrom = "example.com",
                EnvelopeTo = "example.net",
                DkimResults = [new DmarcReportDkimResult("example.com", "sample", "pass", "2048-bit key")],
                SpfResults = [new DmarcReportSpfResult("example.com", "mfrom", "pass")],
            },
            new DmarcReportRecord
            {
                SourceIp = "2001:db8::66",
                Count = 3,
                Disposition = DmarcReportDisposition.None,
                Reasons = [new DmarcPolicyOverride(DmarcOverrideReason.MailingList, "list.example.org"), new DmarcPolicyOverride(DmarcOverrideReason.SampledOut)],
                HeaderFrom = "example.com",
                EnvelopeFrom = "lists.example.org",
                DkimResults = [new DmarcReportDkimResult("lists.example.org", "s1", "pass"), new DmarcReportDkimResult("example.com", "sample", "fail")],
                SpfResults = [new DmarcReportSpfResult("lists.example.org", "mfrom", "softfail")],
            },
            new DmarcReportRecord
            {
                SourceIp = "203.0.113.66",
                Count = 1,
                Disposition = DmarcReportDisposition.Reject,
                HeaderFrom = "example.com",
                Reasons = [new DmarcPolicyOverride(DmarcOverrideReason.PolicyTestMode)],
            },
        ],
    };

    /// <summary>Validates XML against a schema; returns the validation errors.</summary>
    /// <param name="xml">The document.</param>
    /// <param name="schemaRelative">The XSD under TestData/dmarc/reports/schema.</param>
    /// <param name="withoutTargetNamespace">
    /// RFC 7489's schema puts the root in http://dmarc.org/dmarc-xml/0.1 with unqualified children, while reporters (and
    /// Mail::DMARC) write no namespace at all; for the RFC 7489 form the schema is loaded without its targetNamespace.
    /// </param>
    public static List<string> Validate(byte[] xml, string schemaRelative, bool withoutTargetNamespace)
    {
        string xsd = File.ReadAllText(ReportFiles.PathOf(Path.Combine("schema", schemaRelative)));
        if (withoutTargetNamespace)
        {
            xsd = xsd.Replace("targetNamespace=\"http://dmarc.org/dmarc-xml/0.1\"", string.Empty, StringComparison.Ordinal);
        }

        var schemas = new XmlSchemaSet { XmlResolver = null };
        using (var schemaReader = XmlReader.Create(new StringReader(xsd), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
        {
            schemas.Add(null, schemaReader);
        }

        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    public static bool IsIp(string text) => IPAddress.TryParse(text, out _);
}
