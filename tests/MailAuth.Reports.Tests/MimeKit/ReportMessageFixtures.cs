using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.MimeKit;
using MailAuth.Reports;
using MimeKit;

namespace MailAuth.Reports.Tests.MimeKit;

/// <summary>Reports, zones and composers the report message tests share.</summary>
internal static class ReportMessageFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 0, 5, 0, TimeSpan.Zero);

    public static string SamplesRoot { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "samples");

    public static DmarcAggregateReport Report(string policyDomain = "example.com", int records = 2, string? reportId = null) => new()
    {
        Format = DmarcReportFormat.Rfc9990,
        Version = "1.0",
        Metadata = new DmarcReportMetadata
        {
            OrgName = "mx.example.net",
            Email = "dmarc@example.net",
            ReportId = reportId ?? $"{policyDomain}.1764547200.1764633599",
            Begin = DateTimeOffset.FromUnixTimeSeconds(1764547200),
            End = DateTimeOffset.FromUnixTimeSeconds(1764633599),
            Generator = "MailAuth.Core",
        },
        PolicyPublished = new DmarcPublishedPolicy { Domain = policyDomain, Policy = DmarcPolicy.Reject, DiscoveryMethod = DmarcDiscoveryMethod.TreeWalk, Testing = false },
        Records = Enumerable.Range(0, records).Select(i => new DmarcReportRecord
        {
            SourceIp = $"192.0.2.{i % 250 + 1}",
            Count = i + 1,
            Disposition = i % 2 == 0 ? DmarcReportDisposition.Pass : DmarcReportDisposition.Reject,
            DkimAligned = i % 2 == 0,
            SpfAligned = false,
            HeaderFrom = policyDomain,
            EnvelopeFrom = $"bounce{i}.{policyDomain}",
            DkimResults = [new DmarcReportDkimResult(policyDomain, "s1", i % 2 == 0 ? "pass" : "fail")],
            SpfResults = [new DmarcReportSpfResult($"bounce{i}.{policyDomain}", "mfrom", "softfail")],
        }).ToArray(),
    };

    public static ZoneFileResolver Zone(params (string Name, string Text)[] txt)
    {
        var zone = new ZoneFileResolver();
        foreach ((string name, string text) in txt)
        {
            zone.AddTxt(name, text);
        }

        return zone;
    }

    public static DmarcReportMessageComposer Composer(ZoneFileResolver? zone = null, int maxDestinations = 10) =>
        new(new DmarcReportMessageOptions { From = "dmarc-reports@mx.example.net", MaxDestinations = maxDestinations },
            new DmarcReportAuthorization(zone ?? Zone()), new FixedTime(Now));

    public static IReadOnlyList<DmarcReportUri> Uris(params string[] uris) => uris.Select(u =>
        DmarcReportUri.TryParse(u, out DmarcReportUri? uri) ? uri : throw new ArgumentException("bad test URI " + u)).ToArray();

    public static MimeMessage Parse(byte[] eml) => MimeMessage.Load(new MemoryStream(eml));

    public static byte[] Serialize(MimeMessage message)
    {
        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }

    /// <summary>A message with one attachment of the given type and bytes, as a reporter might send it.</summary>
    public static byte[] MessageWithAttachment(byte[] content, string mediaType, string subtype, string fileName)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("", "noreply-dmarc@reporter.example"));
        message.To.Add(new MailboxAddress("", "dmarc@example.com"));
        message.Subject = "Report Domain: example.com Submitter: reporter.example Report-ID: <1>";
        var mixed = new Multipart("mixed");
        mixed.Add(new TextPart("plain") { Text = "DMARC aggregate report." });
        mixed.Add(new MimePart(mediaType, subtype)
        {
            Content = new MimeContent(new MemoryStream(content)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = fileName,
        });
        message.Body = mixed;
        return Serialize(message);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
