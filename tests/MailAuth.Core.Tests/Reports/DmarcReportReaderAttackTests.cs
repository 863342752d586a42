using System.IO.Compression;
using System.Text;
using MailAuth.Reports;
using Xunit;

namespace MailAuth.Tests.Reports;

/// <summary>Hostile input: every case is a documented error value, never an exception or an unbounded allocation.</summary>
public sealed class DmarcReportReaderAttackTests
{
    private const string Head = "<feedback><report_metadata><org_name>o</org_name><email>e@x</email><report_id>1</report_id>";
    private const string Policy = "<policy_published><domain>example.com</domain><p>none</p></policy_published>";
    private const string Record = "<record><row><source_ip>192.0.2.1</source_ip><count>1</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results/></record>";

    private static string Report(string begin = "1", string end = "2", string count = "1", string records = Record) =>
        Head + $"<date_range><begin>{begin}</begin><end>{end}</end></date_range></report_metadata>" + Policy + records.Replace("<count>1</count>", $"<count>{count}</count>", StringComparison.Ordinal) + "</feedback>";

    private static DmarcReportReadResult Read(string xml, DmarcReportReaderOptions? options = null) => new DmarcReportReader(options).Read(Encoding.UTF8.GetBytes(xml));

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    [Fact]
    public void Read_MinimalReport_Parses()
    {
        Assert.True(Read(Report()).Success);
    }

    [Fact]
    public void Read_ExternalEntity_DtdProhibited()
    {
        DmarcReportReadResult result = Read("<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + Report().Replace("<org_name>o</org_name>", "<org_name>&x;</org_name>", StringComparison.Ordinal));

        Assert.Equal(DmarcReportReadError.DtdProhibited, result.Error);
        Assert.DoesNotContain("root:", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BillionLaughs_DtdProhibitedWithoutExpansion()
    {
        var dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++)
        {
            dtd.Append($"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">");
        }

        dtd.Append("]>");
        string xml = dtd + Report().Replace("<org_name>o</org_name>", "<org_name>&l9;</org_name>", StringComparison.Ordinal);
        long before = GC.GetAllocatedBytesForCurrentThread();

        DmarcReportReadResult result = Read(xml);

        Assert.Equal(DmarcReportReadError.DtdProhibited, result.Error);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
    }

    [Fact]
    public void Read_DeepNesting_TooDeep()
    {
        string deep = string.Concat(Enumerable.Repeat("<x>", 100_000)) + string.Concat(Enumerable.Repeat("</x>", 100_000));

        DmarcReportReadResult result = Read(Report().Replace("</feedback>", deep + "</feedback>", StringComparison.Ordinal));

        Assert.Equal(DmarcReportReadError.TooDeep, result.Error);
    }

    [Theory]
    [InlineData("99999999999999999999999")]
    [InlineData("4294967296")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("")]
    public void Read_BadCount_InvalidValue(string count)
    {
        Assert.Equal(DmarcReportReadError.InvalidValue, Read(Report(count: count)).Error);
    }

    [Theory]
    [InlineData("abc", "2")]
    [InlineData("-5", "2")]
    [InlineData("1", "99999999999999999")]
    [InlineData("1700000000", "1600000000")]
    [InlineData("", "2")]
    public void Read_BadDates_InvalidValue(string begin, string end)
    {
        Assert.Equal(DmarcReportReadError.InvalidValue, Read(Report(begin, end)).Error);
    }

    [Fact]
    public void Read_WrongNamespace_NotAggregateReport()
    {
        DmarcReportReadResult result = Read(Report().Replace("<feedback>", "<feedback xmlns=\"urn:example:other\">", StringComparison.Ordinal));

        Assert.Equal(DmarcReportReadError.NotAggregateReport, result.Error);
    }

    [Fact]
    public void Read_WrongRoot_NotAggregateReport()
    {
        Assert.Equal(DmarcReportReadError.NotAggregateReport, Read("<html><body/></html>").Error);
    }

    [Fact]
    public void Read_MoreRecordsThanLimit_TooManyRecords()
    {
        string records = string.Concat(Enumerable.Repeat(Record, 101));

        DmarcReportReadResult result = Read(Report(records: records), new DmarcReportReaderOptions { MaxRecords = 100 });

        Assert.Equal(DmarcReportReadError.TooManyRecords, result.Error);
        Assert.True(Read(Report(records: string.Concat(Enumerable.Repeat(Record, 100))), new DmarcReportReaderOptions { MaxRecords = 100 }).Success);
    }

    [Fact]
    public void Read_MillionRecordsGzipped_BoundedError()
    {
        // 10^6 records: about 330 MB of XML in a few MB of gzip; stopped by the decompressed-size limit, memory bounded by it.
        byte[] gz;
        using (var output = new MemoryStream())
        {
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            {
                byte[] head = Encoding.UTF8.GetBytes(Head + "<date_range><begin>1</begin><end>2</end></date_range></report_metadata>" + Policy);
                byte[] record = Encoding.UTF8.GetBytes(Record);
                gzip.Write(head);
                for (int i = 0; i < 1_000_000; i++)
                {
                    gzip.Write(record);
                }

                gzip.Write("</feedback>"u8);
            }

            gz = output.ToArray();
        }

        var options = new DmarcReportReaderOptions();
        long before = GC.GetAllocatedBytesForCurrentThread();
        DmarcReportReadResult result = new DmarcReportReader(options).Read(gz);

        Assert.Equal(DmarcReportReadError.TooLarge, result.Error);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * options.MaxDocumentBytes);
    }

    [Fact]
    public void Read_GzipBomb_TooLargeWithBoundedMemory()
    {
        byte[] bomb = Gzip(new byte[100 * 1024 * 1024]);
        var options = new DmarcReportReaderOptions();
        long before = GC.GetAllocatedBytesForCurrentThread();

        DmarcReportReadResult result = new DmarcReportReader(options).Read(bomb);

        Assert.Contains(result.Error, new[] { DmarcReportReadError.TooLarge, DmarcReportReadError.CompressionRatio });
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 * options.MaxDocumentBytes);
    }

    [Fact]
    public void Read_NestedGzipBomb_OneLevelOnly()
    {
        // 1 KB-class input whose inner layer would expand to 100 MB: only one layer is opened.
        byte[] inner = Gzip(new byte[100 * 1024 * 1024]);
        byte[] outer = Gzip(inner);

        DmarcReportReadResult result = new DmarcReportReader().Read(outer);

        Assert.Equal(DmarcReportReadError.UnknownFormat, result.Error);
    }

    [Fact]
    public void Read_HighRatio_CompressionRatio()
    {
        byte[] xml = Encoding.UTF8.GetBytes(Report().Replace("</feedback>", new string(' ', 3 * 1024 * 1024) + "</feedback>", StringComparison.Ordinal));

        DmarcReportReadResult result = new DmarcReportReader(new DmarcReportReaderOptions { MaxCompressionRatio = 10 }).Read(Gzip(xml));

        Assert.Equal(DmarcReportReadError.CompressionRatio, result.Error);
    }

    [Fact]
    public void Read_ZipBombManyEntries_ZipEntries()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < 17; i++)
            {
                using Stream s = zip.CreateEntry($"r{i}.xml").Open();
                s.Write(Encoding.UTF8.GetBytes(Report()));
            }
        }

        Assert.Equal(DmarcReportReadError.ZipEntries, new DmarcReportReader().Read(output.ToArray()).Error);
    }

    [Fact]
    public void Read_ZipEntryBomb_TooLarge()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using Stream s = zip.CreateEntry("r.xml").Open();
            s.Write(Encoding.UTF8.GetBytes("<feedback>"));
            s.Write(new byte[2 * 1024 * 1024]);
        }

        DmarcReportReadResult result = new DmarcReportReader(new DmarcReportReaderOptions { MaxDocumentBytes = 1024 * 1024 }).Read(output.ToArray());

        Assert.Contains(result.Error, new[] { DmarcReportReadError.TooLarge, DmarcReportReadError.CompressionRatio });
    }

    [Fact]
    public void Read_TruncatedGzip_ErrorValue()
    {
        byte[] gz = ReportFiles.Bytes("samples/mail-dmarc/test_dmarc.xml.gz");

        for (int length = 3; length < gz.Length; length++)
        {
            DmarcReportReadResult result = new DmarcReportReader().Read(gz.AsMemory(0, length));
            Assert.False(result.Success, $"length {length}");
            Assert.Contains(result.Error, new[] { DmarcReportReadError.InvalidCompression, DmarcReportReadError.InvalidXml, DmarcReportReadError.UnknownFormat });
        }
    }

    [Fact]
    public void Read_EveryTruncationAndByteFlipOfSample_NeverThrows()
    {
        byte[] xml = ReportFiles.Bytes("samples/mail-dmarc/test_dmarc.xml");
        var reader = new DmarcReportReader();
        for (int i = 0; i < xml.Length; i++)
        {
            reader.Read(xml.AsMemory(0, i));
            byte[] flipped = (byte[])xml.Clone();
            flipped[i] ^= 0xA5;
            reader.Read(flipped);
        }
    }

    [Theory]
    [InlineData(new byte[0], DmarcReportReadError.Empty)]
    [InlineData(new byte[] { 0, 1, 2, 3 }, DmarcReportReadError.UnknownFormat)]
    [InlineData(new byte[] { 0x50, 0x4B, 3, 4, 0, 0 }, DmarcReportReadError.InvalidCompression)]
    public void Read_GarbageBytes_ErrorValue(byte[] bytes, DmarcReportReadError expected)
    {
        Assert.Equal(expected, new DmarcReportReader().Read(bytes).Error);
    }

    [Fact]
    public void Read_MissingPolicy_MissingElement()
    {
        Assert.Equal(DmarcReportReadError.MissingElement, Read(Report().Replace(Policy, string.Empty, StringComparison.Ordinal)).Error);
    }

    [Fact]
    public void Read_ControlCharactersInReason_Escaped()
    {
        DmarcReportReadResult result = Read(Report().Replace("<disposition>none</disposition>", "<disposition>x\u0085\u009b31m</disposition>", StringComparison.Ordinal));

        Assert.Equal(DmarcReportReadError.InvalidValue, result.Error);
        Assert.DoesNotContain('\u009b', result.Reason);
    }
}
