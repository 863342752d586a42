using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.MimeKit;
using Xunit;

namespace MailAuth.Reports.Tests.FailureReports;

/// <summary>ARF (RFC 5965) and AFRF (RFC 6591, RFC 9991) reading: the RFC examples and hostile input.</summary>
public sealed class ArfReportReaderTests
{
    private static readonly ArfReportReader Reader = new();

    [Fact]
    public void Read_Rfc5965B1_RequiredFieldsOnly()
    {
        ArfReadResult result = Reader.Read(ArfExamples.Rfc5965B1);

        Assert.True(result.Success, result.Reason);
        Assert.Equal("abuse", result.Report.FeedbackType);
        Assert.Equal("SomeGenerator/1.0", result.Report.UserAgent);
        Assert.Equal(1, result.Report.Version);
        Assert.Equal(3, result.Report.Fields.Count);
        Assert.Equal(1u, result.Report.Incidents);
        Assert.False(result.Report.OriginalIsHeadersOnly);
        Assert.Equal("Earn money", result.Report.Original.Subject);
        Assert.Equal("FW: Earn money", result.Report.Subject);
        Assert.Contains("192.0.2.1", result.Report.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Rfc5965B2_AllFields()
    {
        ArfReadResult result = Reader.Read(ArfExamples.Rfc5965B2);

        Assert.True(result.Success, result.Reason);
        ArfReport report = result.Report;
        Assert.Equal("<somespammer@example.net>", report.OriginalMailFrom);
        Assert.Equal(["<user@example.com>"], report.OriginalRcptTo);
        Assert.Equal("Thu, 8 Mar 2005 14:00:00 EDT", report.ArrivalDate);
        Assert.Equal("dns; mail.example.com", report.ReportingMta);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), report.SourceIp);
        Assert.Equal("mail.example.com; spf=fail smtp.mail=somespammer@example.com", System.Text.RegularExpressions.Regex.Replace(Assert.Single(report.AuthenticationResults), @"\s+", " "));
        Assert.Equal(["example.net"], report.ReportedDomains);
        Assert.Equal(["http://example.net/earn_money.html", "mailto:user@example.com"], report.ReportedUris);
        Assert.Equal("user@example.com", report.GetField("Removal-Recipient"));
    }

    [Fact]
    public void Read_Rfc6591B1_AuthFailureHeadersOnly()
    {
        ArfReadResult result = Reader.Read(ArfExamples.Rfc6591B1);

        Assert.True(result.Success, result.Reason);
        ArfReport report = result.Report;
        Assert.Equal("auth-failure", report.FeedbackType);
        Assert.Equal("bodyhash", report.AuthFailure);
        Assert.Equal("sender.example", report.DkimDomain);
        Assert.Equal("@sender.example", report.DkimIdentity);
        Assert.Equal("testkey", report.DkimSelector);
        Assert.Equal("o3F52gxO029144", report.OriginalEnvelopeId);
        Assert.StartsWith("VGhpcyBpcyBhIG1lc3NhZ2UgYm9keSB0", report.GetField("DKIM-Canonicalized-Body"), StringComparison.Ordinal);
        Assert.True(report.OriginalIsHeadersOnly);
        Assert.Equal("You have a new bill from your bank", report.Original.Subject);
        Assert.Equal("anexample@a.sender.example", report.Original.From.Mailboxes.Single().Address);
    }

    [Fact]
    public void Read_Rfc9991A_DmarcFailure()
    {
        ArfReadResult result = Reader.Read(ArfExamples.Rfc9991A);

        Assert.True(result.Success, result.Reason);
        ArfReport report = result.Report;
        Assert.Equal("dmarc", report.AuthFailure);
        Assert.Equal(["dkim"], report.IdentityAlignment);
        Assert.Equal("consumer.example", report.DkimDomain);
        Assert.Equal("epsilon", report.DkimSelector);
        Assert.Equal("author=gen.example@forwarder.example", report.OriginalMailFrom);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), report.SourceIp);
        Assert.Equal("12345", report.GetField("Source-Port"));
        Assert.Equal(["consumer.example"], report.ReportedDomains);
        Assert.Equal("This is the original subject", report.Original.Subject);
    }

    [Theory]
    [InlineData("Feedback-Type: abuse\r\n", "", ArfReadError.MissingField)]
    [InlineData("Version: 1\r\n", "Version: 1\r\nFeedback-Type: abuse\r\n", ArfReadError.DuplicateField)]
    [InlineData("Version: 1\r\n", "Version: 1\r\nVersion: x\r\n", ArfReadError.DuplicateField)]
    [InlineData("Version: 1\r\n", "Version: 0\r\n", ArfReadError.InvalidField)]
    [InlineData("Version: 1\r\n", "Version: 1\r\nIncidents: 4294967296\r\n", ArfReadError.InvalidField)]
    [InlineData("Version: 1\r\n", "Version: 1\r\nSource-IP: 999.1.1.1\r\n", ArfReadError.InvalidField)]
    [InlineData("Version: 1\r\n", "Version: 1\r\nArrival-Date: Thu, 8 Mar 2005 14:00:00 EDT\r\nReceived-Date: Thu, 8 Mar 2005 14:00:00 EDT\r\n", ArfReadError.DuplicateField)]
    public void Read_BadFields_Error(string find, string replacement, ArfReadError expected)
    {
        string text = Encoding.ASCII.GetString(ArfExamples.Rfc5965B1).Replace(find, replacement, StringComparison.Ordinal);

        ArfReadResult result = Reader.Read(Encoding.ASCII.GetBytes(text));

        Assert.Equal(expected, result.Error);
        Assert.Null(result.Report);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Fact]
    public void Read_AuthFailureWithoutAuthFailureField_MissingField()
    {
        string text = Encoding.ASCII.GetString(ArfExamples.Rfc6591B1).Replace("Auth-Failure: bodyhash\r\n", string.Empty, StringComparison.Ordinal);

        Assert.Equal(ArfReadError.MissingField, Reader.Read(Encoding.ASCII.GetBytes(text)).Error);
    }

    [Theory]
    [InlineData("", ArfReadError.Empty)]
    [InlineData("From: a@example.com\r\nSubject: hi\r\n\r\nplain mail\r\n", ArfReadError.NotFeedbackReport)]
    [InlineData("Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", ArfReadError.NotFeedbackReport)]
    [InlineData("Content-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", ArfReadError.MissingFeedbackPart)]
    [InlineData("Content-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n--b\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nUser-Agent: x/1\r\nVersion: 1\r\n\r\n--b--\r\n", ArfReadError.MissingOriginal)]
    public void Read_NotAReport_Error(string text, ArfReadError expected) =>
        Assert.Equal(expected, Reader.Read(Encoding.ASCII.GetBytes(text)).Error);

    [Fact]
    public void Read_NulInFeedbackFields_MalformedNotException()
    {
        // Found by Read_MutatedExample_NeverThrows: MimeKit parses the fields on first access and threw FormatException.
        byte[] bytes = ArfExamples.Rfc9991A;
        bytes[1580] = 0;

        ArfReadResult result = Reader.Read(bytes);

        Assert.Equal(ArfReadError.Malformed, result.Error);
    }

    [Fact]
    public void Read_TenThousandParts_TooManyParts()
    {
        var text = new StringBuilder("Content-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n");
        for (int i = 0; i < 10_000; i++)
        {
            text.Append("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        }

        text.Append("--b--\r\n");

        ArfReadResult result = Reader.Read(Encoding.ASCII.GetBytes(text.ToString()));

        Assert.Equal(ArfReadError.TooManyParts, result.Error);
    }

    [Fact]
    public void Read_DeepNesting_TooDeep()
    {
        var text = new StringBuilder("Content-Type: multipart/report; report-type=feedback-report; boundary=b0\r\n\r\n");
        for (int i = 1; i < 200; i++)
        {
            text.Append($"--b{i - 1}\r\nContent-Type: multipart/mixed; boundary=b{i}\r\n\r\n");
        }

        ArfReadResult result = Reader.Read(Encoding.ASCII.GetBytes(text.ToString()));

        Assert.Equal(ArfReadError.TooDeep, result.Error);
    }

    [Fact]
    public void Read_ManyFields_TooManyFields()
    {
        string many = string.Concat(Enumerable.Range(0, 2000).Select(i => $"X-Field-{i}: {i}\r\n"));
        string text = Encoding.ASCII.GetString(ArfExamples.Rfc5965B1).Replace("Version: 1\r\n", "Version: 1\r\n" + many, StringComparison.Ordinal);

        Assert.Equal(ArfReadError.TooManyFields, Reader.Read(Encoding.ASCII.GetBytes(text)).Error);
    }

    [Fact]
    public void Read_HugeHeaderOverLimit_TooLarge()
    {
        string text = "Subject: " + new string('x', 2 << 20) + "\r\n" + Encoding.ASCII.GetString(ArfExamples.Rfc5965B1);
        var reader = new ArfReportReader(new ArfReportReaderOptions { MaxMessageBytes = 1 << 20 });

        Assert.Equal(ArfReadError.TooLarge, reader.Read(Encoding.ASCII.GetBytes(text)).Error);
    }

    [Fact]
    public void Read_HugeHeaderWithinLimit_Reads()
    {
        string text = "X-Long: " + new string('x', 1 << 20) + "\r\n" + Encoding.ASCII.GetString(ArfExamples.Rfc5965B1);

        Assert.True(Reader.Read(Encoding.ASCII.GetBytes(text)).Success);
    }

    [Property(MaxTest = 500)]
    public Property Read_ArbitraryBytes_NeverThrows() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            ArfReadResult result = Reader.Read(bytes);
            return result.Success == (result.Error == ArfReadError.None);
        });

    [Property(MaxTest = 300)]
    public Property Read_MutatedExample_NeverThrows() =>
        Prop.ForAll(Gen.Choose(0, ArfExamples.Rfc9991A.Length - 1).Two().ToArbitrary(), ArbMap.Default.ArbFor<byte>(), (positions, value) =>
        {
            byte[] bytes = (byte[])ArfExamples.Rfc9991A.Clone();
            bytes[positions.Item1] = value;
            byte[] cut = bytes[..Math.Max(positions.Item2, 1)];
            ArfReadResult whole = Reader.Read(bytes);
            ArfReadResult truncated = Reader.Read(cut);
            return whole.Success == (whole.Error == ArfReadError.None) && truncated.Success == (truncated.Error == ArfReadError.None);
        });
}
