using Xunit;
using FsCheck;
using FsCheck.Fluent;
using MailAuth.MimeKit;
using MailAuth.Reports;
using static MailAuth.Reports.Tests.MimeKit.ReportMessageFixtures;

namespace MailAuth.Reports.Tests.MimeKit;

public sealed class DmarcReportMessagePropertyTests
{
    private static readonly string[] Labels = ["example", "mail", "a", "b-c", "xn--bcher-kva", "x1", "reports"];

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property ComposeThenRead_AnyReport_ReadsBackEqual(PositiveInt records, NonNegativeInt labelSeed, PositiveInt count, bool rfc7489)
    {
        string domain = $"{Labels[labelSeed.Get % Labels.Length]}.{Labels[(labelSeed.Get / 7) % Labels.Length]}.example";
        DmarcAggregateReport report = Report(domain, records.Get % 40 + 1) with { Format = rfc7489 ? DmarcReportFormat.Rfc7489 : DmarcReportFormat.Rfc9990 };
        report = report with { Records = report.Records.Select(r => r with { Count = count.Get }).ToArray() };

        DmarcReportMessage message = Composer().ComposeAsync(report, Uris($"mailto:dmarc@{domain}")).GetAwaiter().GetResult();
        DmarcReportMessageReadResult read = new DmarcReportMessageReader().Read(message.Content);

        return (read.Success && DmarcReportWriter.ToUtf8Bytes(read.Reports.Single()).AsSpan().SequenceEqual(DmarcReportWriter.ToUtf8Bytes(report)))
            .Label($"{domain}: {read.Error} {read.Reason}");
    }
}
