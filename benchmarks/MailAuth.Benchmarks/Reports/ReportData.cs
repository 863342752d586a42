using MailAuth.Dmarc;
using MailAuth.Reports;

namespace MailAuth.Benchmarks.Reports;

/// <summary>A synthetic aggregate report: a large receiver's day for one domain.</summary>
internal static class ReportData
{
    public static DmarcReportRecord Row(int i) => new()
    {
        SourceIp = $"198.51.{(i >> 8) & 255}.{i & 255}",
        Count = 1 + (i % 17),
        Disposition = i % 5 == 0 ? DmarcReportDisposition.Reject : DmarcReportDisposition.Pass,
        DkimAligned = i % 5 != 0,
        SpfAligned = i % 3 != 0,
        HeaderFrom = "example.com",
        EnvelopeFrom = i % 7 == 0 ? "bounce.example.org" : "example.com",
        DkimResults = [new DmarcReportDkimResult("example.com", "s2026", i % 5 == 0 ? "fail" : "pass")],
        SpfResults = [new DmarcReportSpfResult("example.com", "mfrom", i % 3 == 0 ? "softfail" : "pass")],
    };

    public static DmarcAggregateReport Report(int records) => new()
    {
        Version = "1.0",
        Metadata = new DmarcReportMetadata
        {
            OrgName = "mx.example.net",
            Email = "dmarc@example.net",
            ReportId = "bench",
            Begin = DateTimeOffset.FromUnixTimeSeconds(1767225600),
            End = DateTimeOffset.FromUnixTimeSeconds(1767311999),
        },
        PolicyPublished = new DmarcPublishedPolicy { Domain = "example.com", Policy = DmarcPolicy.Reject },
        Records = Enumerable.Range(0, records).Select(Row).ToArray(),
    };
}
