using System.Xml;
using System.Xml.Linq;
using BenchmarkDotNet.Attributes;
using MailAuth.Reports;

namespace MailAuth.Benchmarks.Reports;

/// <summary>
/// Reading uncompressed aggregate XML (about 17 MB, 40,000 records). Baselines in the same run: a bare XmlReader pass over
/// the same bytes (the floor), and an XDocument-based reader that builds the same records. MB/s = bytes / mean time.
/// </summary>
[MemoryDiagnoser]
public class ReportReadBenchmarks
{
    private readonly DmarcReportReader _reader = new();
    private byte[] _xml = [];

    [GlobalSetup]
    public void Setup()
    {
        _xml = DmarcReportWriter.ToUtf8Bytes(ReportData.Report(40_000));
        Console.WriteLine($"// report XML: {_xml.Length} bytes");
    }

    [Benchmark(Baseline = true)]
    public int XmlReaderPass()
    {
        using var reader = XmlReader.Create(new MemoryStream(_xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
        int nodes = 0;
        while (reader.Read())
        {
            nodes++;
        }

        return nodes;
    }

    [Benchmark]
    public long XDocumentReader()
    {
        XDocument document = XDocument.Load(new MemoryStream(_xml));
        XNamespace ns = document.Root!.Name.Namespace;
        long total = 0;
        foreach (XElement record in document.Root.Elements(ns + "record"))
        {
            XElement row = record.Element(ns + "row")!;
            total += long.Parse(row.Element(ns + "count")!.Value, System.Globalization.CultureInfo.InvariantCulture);
            _ = row.Element(ns + "source_ip")!.Value;
            _ = record.Element(ns + "identifiers")!.Element(ns + "header_from")!.Value;
            foreach (XElement auth in record.Element(ns + "auth_results")!.Elements())
            {
                _ = auth.Element(ns + "domain")?.Value;
                _ = auth.Element(ns + "result")?.Value;
            }
        }

        return total;
    }

    [Benchmark]
    public long DmarcReportReader() => _reader.Read(_xml).Report!.MessageCount;
}
