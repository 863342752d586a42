using System.Diagnostics;
using MailAuth.Reports;
using MailAuth.Reports.Sqlite;

namespace MailAuth.Benchmarks.Reports;

/// <summary>
/// <c>sqlite-throughput [messages] [batch]</c>: message results recorded per second into a fresh SQLite file, batched
/// (one transaction per batch), with FullSync on and off. Rows cycle over 2,000 distinct keys, as a day's traffic does.
/// </summary>
internal static class SqliteThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        int messages = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        int batch = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 500;
        var interval = new DmarcReportInterval("example.com", DateTimeOffset.FromUnixTimeSeconds(1767225600), DateTimeOffset.FromUnixTimeSeconds(1767312000));
        var policy = new DmarcPublishedPolicy { Domain = "example.com" };
        DmarcReportEntry[] entries = Enumerable.Range(0, 2000).Select(i => new DmarcReportEntry(interval, policy, ReportData.Row(i) with { Count = 1 })).ToArray();
        foreach (bool fullSync in new[] { true, false })
        {
            string directory = Directory.CreateTempSubdirectory("mailauth-bench-").FullName;
            var store = new SqliteDmarcReportStore(Path.Combine(directory, "r.db"), new SqliteDmarcReportStoreOptions { FullSync = fullSync });
            await store.RecordAsync([entries[0]]);
            var stopwatch = Stopwatch.StartNew();
            for (int done = 0; done < messages; done += batch)
            {
                var chunk = new DmarcReportEntry[Math.Min(batch, messages - done)];
                for (int i = 0; i < chunk.Length; i++)
                {
                    chunk[i] = entries[(done + i) % entries.Length];
                }

                await store.RecordAsync(chunk);
            }

            stopwatch.Stop();
            Console.WriteLine($"sqlite FullSync={fullSync} batch={batch}: {messages} message results in {stopwatch.Elapsed.TotalSeconds:F2} s = {messages / stopwatch.Elapsed.TotalSeconds:F0}/s");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }
}
