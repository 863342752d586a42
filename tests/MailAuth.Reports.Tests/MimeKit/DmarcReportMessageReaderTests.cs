using Xunit;
using System.IO.Compression;
using System.Text;
using MailAuth.MimeKit;
using MailAuth.Reports;
using MimeKit;
using static MailAuth.Reports.Tests.MimeKit.ReportMessageFixtures;

namespace MailAuth.Reports.Tests.MimeKit;

public sealed class DmarcReportMessageReaderTests
{
    private static readonly DmarcReportMessageReader Reader = new();

    [Fact]
    public async Task Read_ComposedMessage_ReportReadBackEqual()
    {
        DmarcReportMessage message = await Composer().ComposeAsync(Report(), Uris("mailto:dmarc@example.com"));

        DmarcReportMessageReadResult result = Reader.Read(message.Content);

        Assert.True(result.Success, result.Reason);
        DmarcReportMessageAttachment attachment = Assert.Single(result.Attachments);
        Assert.Equal("application/gzip", attachment.MediaType);
        Assert.Equal(message.FileName, attachment.FileName);
        Assert.Equal(DmarcReportContainer.Gzip, attachment.Result.Container);
        Assert.Equal(DmarcReportWriter.ToUtf8Bytes(Report()), DmarcReportWriter.ToUtf8Bytes(result.Reports.Single()));
    }

    [Fact]
    public void Read_MessageWith10000Parts_TooManyParts()
    {
        var builder = new StringBuilder("From: a@example.com\r\nSubject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < 10_000; i++)
        {
            builder.Append("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        }

        builder.Append("--b--\r\n");

        DmarcReportMessageReadResult result = Reader.Read(Encoding.ASCII.GetBytes(builder.ToString()));

        Assert.Equal(DmarcReportMessageReadError.TooManyParts, result.Error);
        Assert.False(result.Success);
    }

    [Fact]
    public void Read_NestedMultipartsDeeperThanMax_TooDeep()
    {
        var builder = new StringBuilder("From: a@example.com\r\nMIME-Version: 1.0\r\n");
        for (int i = 0; i < 50; i++)
        {
            builder.Append($"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n");
        }

        builder.Append("Content-Type: text/plain\r\n\r\nx\r\n");
        for (int i = 49; i >= 0; i--)
        {
            builder.Append($"--b{i}--\r\n");
        }

        DmarcReportMessageReadResult result = Reader.Read(Encoding.ASCII.GetBytes(builder.ToString()));

        Assert.Equal(DmarcReportMessageReadError.TooDeep, result.Error);
    }

    [Fact]
    public void Read_ZipBombAttachment_AttachmentRefusedByRatio()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using Stream entry = archive.CreateEntry("bomb.xml", CompressionLevel.SmallestSize).Open();
            entry.Write("<feedback>"u8);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 60; i++)
            {
                entry.Write(zeros);
            }
        }

        byte[] eml = MessageWithAttachment(zip.ToArray(), "application", "zip", "bomb.zip");

        DmarcReportMessageReadResult result = Reader.Read(eml);

        Assert.Equal(DmarcReportMessageReadError.None, result.Error);
        Assert.False(result.Success);
        Assert.Equal(DmarcReportReadError.CompressionRatio, Assert.Single(result.Attachments).Result.Error);
    }

    [Fact]
    public void Read_GzipDeclaredButPng_AttachmentUnknownFormat()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

        DmarcReportMessageReadResult result = Reader.Read(MessageWithAttachment(png, "application", "gzip", "r.xml.gz"));

        Assert.False(result.Success);
        Assert.Equal(DmarcReportReadError.UnknownFormat, Assert.Single(result.Attachments).Result.Error);
    }

    [Fact]
    public void Read_GzipDeclaredAsOctetStream_DetectedByMagicBytes()
    {
        byte[] gzip = Gzip(DmarcReportWriter.ToUtf8Bytes(Report()));

        DmarcReportMessageReadResult result = Reader.Read(MessageWithAttachment(gzip, "application", "octet-stream", "report"));

        Assert.True(result.Success, result.Reason);
    }

    [Fact]
    public void Read_PdfAttachmentOnly_NoReport()
    {
        byte[] pdf = Encoding.ASCII.GetBytes("%PDF-1.4 not a report");

        DmarcReportMessageReadResult result = Reader.Read(MessageWithAttachment(pdf, "application", "pdf", "invoice.pdf"));

        Assert.Equal(DmarcReportMessageReadError.NoReport, result.Error);
    }

    [Fact]
    public void Read_MessageLargerThanMax_TooLarge()
    {
        var reader = new DmarcReportMessageReader(new DmarcReportMessageReaderOptions { MaxMessageBytes = 2048 });
        byte[] eml = MessageWithAttachment(new byte[4096], "application", "gzip", "r.xml.gz");

        Assert.Equal(DmarcReportMessageReadError.TooLarge, reader.Read(eml).Error);
    }

    [Fact]
    public void Read_MoreReportAttachmentsThanMax_TooManyReports()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("", "a@example.com"));
        var mixed = new Multipart("mixed");
        for (int i = 0; i < 5; i++)
        {
            mixed.Add(new MimePart("application", "gzip") { Content = new MimeContent(new MemoryStream(Gzip("<feedback/>"u8.ToArray()))), ContentTransferEncoding = ContentEncoding.Base64 });
        }

        message.Body = mixed;
        var reader = new DmarcReportMessageReader(new DmarcReportMessageReaderOptions { MaxReports = 4 });

        Assert.Equal(DmarcReportMessageReadError.TooManyReports, reader.Read(Serialize(message)).Error);
    }

    [Fact]
    public void Read_BareXml_ReadDirectly()
    {
        DmarcReportMessageReadResult result = Reader.Read(DmarcReportWriter.ToUtf8Bytes(Report()));

        Assert.True(result.Success);
        Assert.Equal(DmarcReportContainer.Xml, result.Attachments.Single().Result.Container);
    }

    [Fact]
    public void Read_Empty_Empty()
    {
        Assert.Equal(DmarcReportMessageReadError.Empty, Reader.Read(ReadOnlyMemory<byte>.Empty).Error);
    }

    [Fact]
    public void Read_ForwardedReportInMessageRfc822_Found()
    {
        MimeMessage inner = Parse(MessageWithAttachment(Gzip(DmarcReportWriter.ToUtf8Bytes(Report())), "application", "gzip", "r.xml.gz"));
        var outer = new MimeMessage();
        outer.From.Add(new MailboxAddress("", "fwd@example.com"));
        outer.Body = new MessagePart { Message = inner };

        DmarcReportMessageReadResult result = Reader.Read(Serialize(outer));

        Assert.True(result.Success, result.Reason);
    }

    [Theory]
    [InlineData("parsedmarc/aggregate/Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml")]
    [InlineData("parsedmarc/aggregate/twilight.eml")]
    [InlineData("parsedmarc/aggregate/mimecast-weird-gzip.eml")]
    public void Read_RealReportEmails_ReportRead(string sample)
    {
        DmarcReportMessageReadResult result = Reader.Read(File.ReadAllBytes(Path.Combine(SamplesRoot, sample)));

        Assert.True(result.Success, $"{result.Error} {result.Reason} {string.Join("; ", result.Attachments.Select(a => a.Result.Reason))}");
    }

    public static TheoryData<string> AggregateSamples()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(SamplesRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!file.EndsWith(".eml", StringComparison.Ordinal) && !file.EndsWith("LICENSE", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(SamplesRoot, file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AggregateSamples))]
    public void Read_ConformanceSampleWrappedInEmail_SameResultAsBareFile(string sample)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(SamplesRoot, sample));
        DmarcReportReadResult direct = new DmarcReportReader().Read(bytes);
        (string type, string subtype) = DmarcReportReader.DetectContainer(bytes) switch
        {
            DmarcReportContainer.Gzip => ("application", "gzip"),
            DmarcReportContainer.Zip => ("application", "zip"),
            _ => ("text", "xml"),
        };

        DmarcReportMessageReadResult result = Reader.Read(MessageWithAttachment(bytes, type, subtype, Path.GetFileName(sample)));

        DmarcReportMessageAttachment attachment = Assert.Single(result.Attachments);
        Assert.Equal(direct.Error, attachment.Result.Error);
        Assert.Equal(direct.Success, attachment.Result.Success);
        if (direct.Success)
        {
            Assert.Equal(DmarcReportWriter.ToUtf8Bytes(direct.Report!), DmarcReportWriter.ToUtf8Bytes(attachment.Result.Report!));
        }
    }

    internal static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
