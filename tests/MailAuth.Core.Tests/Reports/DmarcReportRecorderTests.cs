using System.Text;
using MailAuth.Dmarc;
using MailAuth.Reports;
using MailAuth.Tests.Facade;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Reports;

public sealed class DmarcReportRecorderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static DmarcReportRecorder Recorder(DateTimeOffset? now = null) =>
        new(new DmarcReportRecorderOptions { TimeProvider = new FakeTimeProvider(now ?? Noon) });

    private static async Task<AuthenticationOutcome> Good() =>
        await new MessageAuthenticator(FacadeFixture.Zone()).AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

    private static async Task<AuthenticationOutcome> Forged()
    {
        byte[] forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(FacadeFixture.Signed()).Replace("see you tomorrow", "send the money", StringComparison.Ordinal));
        return await new MessageAuthenticator(FacadeFixture.Zone()).AuthenticateAsync(forged, new SmtpContext(SampleFiles.ForgedIp, "mail.example.com", "alice@example.com"));
    }

    [Fact]
    public async Task CreateEntries_PassingMessageUnderReject_PassRowInUtcDay()
    {
        IReadOnlyList<DmarcReportEntry> entries = Recorder().CreateEntries(await Good(), DmarcPolicy.None);

        DmarcReportEntry entry = Assert.Single(entries);
        Assert.Equal(new DmarcReportInterval("example.com", new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 16, 0, 0, 0, TimeSpan.Zero)), entry.Interval);
        Assert.Equal(DmarcPolicy.Reject, entry.Policy.Policy);
        DmarcReportRecord row = entry.Record;
        Assert.Equal("192.0.2.25", row.SourceIp);
        Assert.Equal(1, row.Count);
        Assert.Equal(DmarcReportDisposition.Pass, row.Disposition);
        Assert.True(row.DkimAligned);
        Assert.True(row.SpfAligned);
        Assert.Equal("example.com", row.HeaderFrom);
        Assert.Equal("example.com", row.EnvelopeFrom);
        Assert.Equal(new DmarcReportDkimResult("example.com", "sample", "pass"), Assert.Single(row.DkimResults));
        Assert.Equal(new DmarcReportSpfResult("example.com", "mfrom", "pass"), Assert.Single(row.SpfResults));
        Assert.Empty(row.Reasons);
    }

    [Fact]
    public async Task CreateEntries_FailingMessageDeliveredByLocalPolicy_NoneWithOverride()
    {
        var reason = new DmarcPolicyOverride(DmarcOverrideReason.LocalPolicy, "allowlisted");

        DmarcReportRecord row = Assert.Single(Recorder().CreateEntries(await Forged(), DmarcPolicy.None, reason)).Record;

        Assert.Equal(DmarcReportDisposition.None, row.Disposition);
        Assert.False(row.DmarcPass);
        Assert.Equal([reason], row.Reasons);
        Assert.Equal("fail", Assert.Single(row.SpfResults).Result);
    }

    [Fact]
    public async Task RecordAsync_ThenGenerate_AggregatesAndValidates()
    {
        var store = new InMemoryDmarcReportStore();
        DmarcReportRecorder recorder = Recorder();
        for (int i = 0; i < 3; i++)
        {
            await recorder.RecordAsync(store, await Good(), DmarcPolicy.None);
        }

        await recorder.RecordAsync(store, await Forged(), DmarcPolicy.Reject);
        var generator = new DmarcReportGenerator(new DmarcReportGeneratorOptions { OrgName = "example.net", Email = "dmarc@example.net" });

        IReadOnlyList<DmarcAggregateReport> reports = await generator.BuildAsync(store, Noon.AddDays(-2), Noon.AddDays(2));

        DmarcAggregateReport report = Assert.Single(reports);
        Assert.Equal(4, report.MessageCount);
        Assert.Equal(2, report.Records.Count);
        Assert.Equal(3, report.Records.Single(r => r.DmarcPass).Count);
        Assert.Equal(DmarcReportDisposition.Reject, report.Records.Single(r => !r.DmarcPass).Disposition);
        Assert.Equal("example.com.1768435200.1768521599", report.Metadata.ReportId);
        Assert.Empty(ReportSamples.Validate(DmarcReportWriter.ToUtf8Bytes(report), "ietf-aggregate-reporting-draft32/dmarc-xml-0.2.xsd", false));
        DmarcReportSummary summary = DmarcReportSummary.Create(reports);
        Assert.Equal(4, summary.Messages);
        Assert.Equal(1, summary.WouldBeRejected);
        Assert.Equal(new DmarcReportSummaryRow("192.0.2.25", "example.com", 3, 3, 3, 3, 0), summary.Rows[0]);
    }

    [Fact]
    public async Task CreateEntries_NoAggregateUri_NothingRecorded()
    {
        var zone = new MailAuth.Dns.ZoneFileResolver();
        zone.LoadZone(File.ReadAllText(SampleFiles.PathOf("example.zone")).Replace("; rua=mailto:dmarc-reports@example.com", string.Empty, StringComparison.Ordinal));
        AuthenticationOutcome outcome = await new MessageAuthenticator(zone).AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.Empty(Recorder().CreateEntries(outcome, DmarcPolicy.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(8 * 86400)]
    public void Options_BadInterval_Throws(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DmarcReportRecorder(new DmarcReportRecorderOptions { Interval = TimeSpan.FromSeconds(seconds) }));
    }
}
