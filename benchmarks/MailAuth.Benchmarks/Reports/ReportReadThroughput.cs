using System.Diagnostics;
using System.Xml;
using MailAuth.Reports;

namespace MailAuth.Benchmarks.Reports;

/// <summary><c>report-read-throughput [records] [rounds]</c>: MB/s of DmarcReportReader against a bare XmlReader pass, same bytes, same run.</summary>
internal static class ReportReadThroughput
{
    public static int Run(string[] args)
    {
        int records = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40_000;
        int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
        byte[] xml = DmarcReportWriter.ToUtf8Bytes(ReportData.Report(records));
        var reader = new DmarcReportReader();
        var bench = new ReportReadBenchmarks();
        bench.Setup();
        for (int round = 0; round < rounds; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            int nodes = bench.XmlReaderPass();
            double baseline = stopwatch.Elapsed.TotalSeconds;
            stopwatch.Restart();
            long messages = reader.Read(xml).Report!.MessageCount;
            double ours = stopwatch.Elapsed.TotalSeconds;
            double mb = xml.Length / 1e6;
            Console.WriteLine($"round {round}: {mb:F1} MB; XmlReader pass {mb / baseline:F0} MB/s ({nodes} nodes); DmarcReportReader {mb / ours:F0} MB/s ({messages} messages); ratio {ours / baseline:F2}");
        }

        return 0;
    }
}
