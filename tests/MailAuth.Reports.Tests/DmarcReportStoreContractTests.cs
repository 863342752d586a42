using MailAuth.Dmarc;
using Xunit;

namespace MailAuth.Reports.Tests;

/// <summary>
/// The one contract every <see cref="IDmarcReportStore"/> passes: counts of equal rows summed, rows and policies round-trip,
/// interval queries, deletion, and concurrent writers (separate store instances, like separate processes) losing no count.
/// </summary>
public abstract class DmarcReportStoreContractTests
{
    private static readonly DateTimeOffset Day = new(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A new, empty store; each call for the same test returns another instance over the same data.</summary>
    protected abstract IDmarcReportStore OpenStore();

    protected static DmarcReportInterval Interval(string domain = "example.com", int day = 0) => new(domain, Day.AddDays(day), Day.AddDays(day + 1));

    protected static DmarcPublishedPolicy Policy(string domain = "example.com", DmarcPolicy p = DmarcPolicy.Reject) => new()
    {
        Domain = domain,
        Policy = p,
        SubdomainPolicy = DmarcPolicy.Quarantine,
        DkimAlignment = DmarcAlignmentMode.Relaxed,
        SpfAlignment = DmarcAlignmentMode.Strict,
        FailureReportingOptions = "1",
        Testing = false,
        DiscoveryMethod = DmarcDiscoveryMethod.TreeWalk,
    };

    protected static DmarcReportRecord Row(string ip = "192.0.2.25", long count = 1, bool pass = true) => new()
    {
        SourceIp = ip,
        Count = count,
        Disposition = pass ? DmarcReportDisposition.Pass : DmarcReportDisposition.Reject,
        DkimAligned = pass,
        SpfAligned = pass,
        HeaderFrom = "example.com",
        EnvelopeFrom = "example.com",
        Reasons = pass ? [] : [new DmarcPolicyOverride(DmarcOverrideReason.LocalPolicy, "a comment with : and ~ and 12:")],
        DkimResults = [new DmarcReportDkimResult("example.com", "sample", pass ? "pass" : "fail")],
        SpfResults = [new DmarcReportSpfResult("example.com", "mfrom", pass ? "pass" : "fail")],
    };

    protected static DmarcReportEntry Entry(DmarcReportRecord row, DmarcReportInterval? interval = null, DmarcPublishedPolicy? policy = null) =>
        new(interval ?? Interval(), policy ?? Policy(), row);

    [SkippableFact]
    public async Task RecordAsync_SameRowTwice_CountsSummed()
    {
        IDmarcReportStore store = OpenStore();

        await store.RecordAsync([Entry(Row(count: 2))]);
        await store.RecordAsync([Entry(Row(count: 3)), Entry(Row(count: 1))]);

        DmarcReportIntervalData data = (await store.GetIntervalDataAsync(Interval()))!;
        Assert.Equal(6, Assert.Single(data.Records).Count);
    }

    [SkippableFact]
    public async Task RecordAsync_DistinctRows_RoundTripEveryField()
    {
        IDmarcReportStore store = OpenStore();
        DmarcReportRecord pass = Row(), fail = Row("2001:db8::1", 4, pass: false);

        await store.RecordAsync([Entry(pass), Entry(fail)]);

        DmarcReportIntervalData data = (await store.GetIntervalDataAsync(Interval()))!;
        Assert.Equal(Interval(), data.Interval);
        Assert.Equal(Policy(), data.Policy);
        Assert.Equal(2, data.Records.Count);
        Assert.Equal(Key(pass), Key(data.Records.Single(r => r.DmarcPass)));
        Assert.Equal(Key(fail), Key(data.Records.Single(r => !r.DmarcPass)));
        Assert.Equal(4, data.Records.Single(r => !r.DmarcPass).Count);
    }

    [SkippableFact]
    public async Task RecordAsync_MixedCaseDomainAndSubSecondTimes_Normalised()
    {
        IDmarcReportStore store = OpenStore();
        var odd = new DmarcReportInterval("Example.COM", Day.AddMilliseconds(400), Day.AddDays(1).AddMilliseconds(900));

        await store.RecordAsync([Entry(Row(), odd)]);

        Assert.Equal(Interval(), Assert.Single(await store.GetIntervalsAsync(Day, Day.AddDays(2))));
        Assert.NotNull(await store.GetIntervalDataAsync(Interval()));
    }

    [SkippableFact]
    public async Task RecordAsync_LaterPolicy_LatestReported()
    {
        IDmarcReportStore store = OpenStore();

        await store.RecordAsync([Entry(Row(), policy: Policy(p: DmarcPolicy.None))]);
        await store.RecordAsync([Entry(Row(), policy: Policy(p: DmarcPolicy.Quarantine))]);

        Assert.Equal(DmarcPolicy.Quarantine, (await store.GetIntervalDataAsync(Interval()))!.Policy.Policy);
    }

    [SkippableFact]
    public async Task GetIntervalsAsync_Range_ByEndOrderedByBeginThenDomain()
    {
        IDmarcReportStore store = OpenStore();
        await store.RecordAsync(
        [
            Entry(Row(), Interval("b.example", 0), Policy("b.example")),
            Entry(Row(), Interval("a.example", 0), Policy("a.example")),
            Entry(Row(), Interval("a.example", 1), Policy("a.example")),
            Entry(Row(), Interval("a.example", 5), Policy("a.example")),
        ]);

        IReadOnlyList<DmarcReportInterval> intervals = await store.GetIntervalsAsync(Day, Day.AddDays(2));

        Assert.Equal([Interval("a.example", 0), Interval("b.example", 0), Interval("a.example", 1)], intervals);
        Assert.Empty(await store.GetIntervalsAsync(Day.AddDays(1), Day.AddDays(1)));
    }

    [SkippableFact]
    public async Task GetIntervalDataAsync_Unknown_Null()
    {
        IDmarcReportStore store = OpenStore();

        Assert.Null(await store.GetIntervalDataAsync(Interval("nothing.example")));
    }

    [SkippableFact]
    public async Task DeleteThroughAsync_RemovesEndedIntervalsOnly()
    {
        IDmarcReportStore store = OpenStore();
        await store.RecordAsync([Entry(Row(), Interval(day: 0)), Entry(Row("192.0.2.1"), Interval(day: 0)), Entry(Row(), Interval(day: 1))]);

        long deleted = await store.DeleteThroughAsync(Day.AddDays(1));

        Assert.Equal(2, deleted);
        Assert.Null(await store.GetIntervalDataAsync(Interval(day: 0)));
        Assert.NotNull(await store.GetIntervalDataAsync(Interval(day: 1)));
    }

    [SkippableFact]
    public async Task RecordAsync_EmptyBatch_NoChange()
    {
        IDmarcReportStore store = OpenStore();

        await store.RecordAsync([]);

        Assert.Empty(await store.GetIntervalsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
    }

    [SkippableFact]
    public async Task RecordAsync_ConcurrentWriters_ExactTotals()
    {
        const int writers = 6, batches = 40;
        string[] ips = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "2001:db8::5"];
        IDmarcReportStore[] stores = Enumerable.Range(0, writers).Select(_ => OpenStore()).ToArray();

        await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
        {
            for (int b = 0; b < batches; b++)
            {
                // Rows in a different order per writer and batch, with repeats inside one batch.
                DmarcReportEntry[] batch = Enumerable.Range(0, 6).Select(i => Entry(Row(ips[(i + w + b) % ips.Length], count: 1 + (i % 2)))).ToArray();
                await store.RecordAsync(batch);
            }
        })));

        DmarcReportIntervalData data = (await OpenStore().GetIntervalDataAsync(Interval()))!;
        long perBatch = Enumerable.Range(0, 6).Sum(i => 1 + (i % 2));
        Assert.Equal(writers * batches * perBatch, data.Records.Sum(r => r.Count));
        Assert.Equal(ips.Length, data.Records.Count);
    }

    private static string Key(DmarcReportRecord record) => DmarcReportStoreCodec.EncodeRecordKey(record);
}
