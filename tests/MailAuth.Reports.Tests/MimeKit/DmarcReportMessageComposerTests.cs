using Xunit;
using System.IO.Compression;
using System.Text;
using MailAuth.MimeKit;
using MailAuth.Reports;
using MimeKit;
using static MailAuth.Reports.Tests.MimeKit.ReportMessageFixtures;

namespace MailAuth.Reports.Tests.MimeKit;

public sealed class DmarcReportMessageComposerTests
{
    [Fact]
    public async Task ComposeAsync_SameOrganizationMailto_MessageAsRfc9990Prescribes()
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(), Uris("mailto:dmarc@example.com", "mailto:agg@reports.example.com!10m"));

        Assert.True(result.Success, result.Reason);
        Assert.Equal(["dmarc@example.com", "agg@reports.example.com"], result.Recipients);
        MimeMessage message = Parse(result.Content!);
        Assert.Equal("Report Domain: example.com Submitter: mx.example.net Report-ID: <example.com.1764547200.1764633599>", message.Subject);
        Assert.Equal("dmarc-reports@mx.example.net", ((MailboxAddress)message.From.Single()).Address);
        Assert.Equal(["dmarc@example.com", "agg@reports.example.com"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("example.com.1764547200.1764633599@mx.example.net", message.MessageId);
        Assert.Equal(Now, message.Date);
        MimePart attachment = message.Attachments.OfType<MimePart>().Single();
        Assert.Equal("application/gzip", attachment.ContentType.MimeType);
        Assert.Equal("mx.example.net!example.com!1764547200!1764633599.xml.gz", attachment.FileName);
        Assert.Equal(result.FileName, attachment.FileName);
        Assert.Single(message.BodyParts.OfType<TextPart>(), t => t.IsPlain);

        using var decoded = new MemoryStream();
        attachment.Content!.DecodeTo(decoded);
        using var gzip = new GZipStream(new MemoryStream(decoded.ToArray()), CompressionMode.Decompress);
        using var xml = new MemoryStream();
        gzip.CopyTo(xml);
        Assert.Equal(DmarcReportWriter.ToUtf8Bytes(Report()), xml.ToArray());
    }

    [Fact]
    public async Task ComposeAsync_ExternalDestinationWithoutAuthorizationRecord_DroppedWithReason()
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(), Uris("mailto:dmarc@example.com", "mailto:victim@victim.example"));

        Assert.True(result.Success);
        Assert.Equal(["dmarc@example.com"], result.Recipients);
        DmarcReportMessageDestination dropped = result.Destinations[1];
        Assert.Equal(DmarcReportMessageDestinationStatus.NotAuthorized, dropped.Status);
        Assert.Contains("example.com._report._dmarc.victim.example", dropped.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("victim", Encoding.ASCII.GetString(result.Content!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_ExternalDestinationAuthorized_Accepted()
    {
        var zone = Zone(("example.com._report._dmarc.vendor.example", "v=DMARC1"));

        DmarcReportMessage result = await Composer(zone).ComposeAsync(Report(), Uris("mailto:rua@vendor.example"));

        Assert.Equal(["rua@vendor.example"], result.Recipients);
    }

    [Fact]
    public async Task ComposeAsync_OnlyExternalUnauthorized_NoDestinationNoMessage()
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(), Uris("mailto:rua@vendor.example"));

        Assert.False(result.Success);
        Assert.Equal(DmarcReportMessageError.NoDestination, result.Error);
        Assert.Null(result.Content);
    }

    [Fact]
    public async Task ComposeAsync_AuthorizationOverrideSameHost_ReplacesAddress()
    {
        var zone = Zone(("example.com._report._dmarc.vendor.example", "v=DMARC1; rua=mailto:customer42@vendor.example"));

        DmarcReportMessage result = await Composer(zone).ComposeAsync(Report(), Uris("mailto:rua@vendor.example"));

        Assert.Equal(["customer42@vendor.example"], result.Recipients);
    }

    [Fact]
    public async Task ComposeAsync_AuthorizationOverrideNamesAnotherHost_NoReportToEither()
    {
        var zone = Zone(("example.com._report._dmarc.vendor.example", "v=DMARC1; rua=mailto:victim@victim.example"));

        DmarcReportMessage result = await Composer(zone).ComposeAsync(Report(), Uris("mailto:dmarc@example.com", "mailto:rua@vendor.example"));

        Assert.Equal(["dmarc@example.com"], result.Recipients);
        Assert.Equal(DmarcReportMessageDestinationStatus.NotAuthorized, result.Destinations[1].Status);
    }

    [Fact]
    public async Task ComposeAsync_SizeLimitSmallerThanMessage_ThatDestinationGetsNoReport()
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(records: 300), Uris("mailto:small@example.com!1k", "mailto:big@example.com!10m"));

        Assert.True(result.Success);
        Assert.Equal(["big@example.com"], result.Recipients);
        Assert.Equal(DmarcReportMessageDestinationStatus.TooLarge, result.Destinations[0].Status);
        Assert.True(result.Content!.Length > 1024);
        Assert.DoesNotContain("small@", Encoding.ASCII.GetString(result.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_EverySizeLimitTooSmall_NoDestination()
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(), Uris("mailto:small@example.com!100"));

        Assert.Equal(DmarcReportMessageError.NoDestination, result.Error);
        Assert.Equal(DmarcReportMessageDestinationStatus.TooLarge, result.Destinations.Single().Status);
    }

    [Theory]
    [InlineData("https://example.com/dmarc", DmarcReportMessageDestinationStatus.UnsupportedScheme)]
    [InlineData("mailto:.a@example.com", DmarcReportMessageDestinationStatus.Malformed)]
    [InlineData("mailto:a%0D%0ABcc:%20x@example.com", DmarcReportMessageDestinationStatus.Malformed)]
    [InlineData("mailto:%22quoted%20local%22@example.com", DmarcReportMessageDestinationStatus.Malformed)]
    [InlineData("mailto:nobody", DmarcReportMessageDestinationStatus.Malformed)]
    public async Task ComposeAsync_UnusableUri_DroppedWithStatus(string uri, DmarcReportMessageDestinationStatus expected)
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(), Uris("mailto:dmarc@example.com", uri));

        Assert.Equal(expected, result.Destinations[1].Status);
        Assert.NotEmpty(result.Destinations[1].Reason);
        Assert.DoesNotContain('\n', result.Destinations[1].Reason);
        Assert.Equal(["dmarc@example.com"], result.Recipients);
    }

    [Fact]
    public async Task ComposeAsync_MailtoHfieldsWithInjection_HfieldsIgnored()
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(), Uris("mailto:dmarc@example.com?subject=x%0D%0ABcc:%20victim@victim.example"));

        Assert.Equal(["dmarc@example.com"], result.Recipients);
        string text = Encoding.ASCII.GetString(result.Content!);
        Assert.DoesNotContain("Bcc", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("victim", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com\r\nBcc: victim@victim.example")]
    [InlineData("example.com\nX-Injected: 1")]
    [InlineData("exa mple.com")]
    [InlineData("")]
    public async Task ComposeAsync_PolicyDomainWithHeaderInjection_InvalidReportNoMessage(string domain)
    {
        DmarcAggregateReport report = Report() with { PolicyPublished = Report().PolicyPublished with { Domain = domain } };

        DmarcReportMessage result = await Composer().ComposeAsync(report, Uris("mailto:dmarc@example.com"));

        Assert.Equal(DmarcReportMessageError.InvalidReport, result.Error);
        Assert.Null(result.Content);
        Assert.DoesNotContain('\n', result.Reason);
        Assert.DoesNotContain('\r', result.Reason);
    }

    [Theory]
    [InlineData("id\r\nBcc: victim@victim.example")]
    [InlineData("a b")]
    [InlineData("x@y@z")]
    [InlineData("..")]
    public async Task ComposeAsync_ReportIdNotRidfmt_InvalidReport(string reportId)
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(reportId: reportId), Uris("mailto:dmarc@example.com"));

        Assert.Equal(DmarcReportMessageError.InvalidReport, result.Error);
        Assert.DoesNotContain('\n', result.Reason);
    }

    [Fact]
    public async Task ComposeAsync_ReportIdWithAt_UsedAsMessageId()
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(reportId: "<1721054318-example.com@example.org>"), Uris("mailto:dmarc@example.com"));

        Assert.Equal("1721054318-example.com@example.org", result.MessageId);
        Assert.EndsWith("Report-ID: <1721054318-example.com@example.org>", result.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAsync_MoreUrisThanMaxDestinations_RestOverLimit()
    {
        DmarcReportMessage result = await Composer(maxDestinations: 2).ComposeAsync(Report(),
            Uris("mailto:a@example.com", "mailto:b@example.com", "mailto:c@example.com"));

        Assert.Equal(["a@example.com", "b@example.com"], result.Recipients);
        Assert.Equal(DmarcReportMessageDestinationStatus.OverLimit, result.Destinations[2].Status);
    }

    [Fact]
    public async Task ComposeAsync_SameAddressTwice_SecondIsDuplicate()
    {
        DmarcReportMessage result = await Composer().ComposeAsync(Report(), Uris("mailto:a@example.com", "mailto:A@EXAMPLE.com!10m"));

        Assert.Equal(["a@example.com"], result.Recipients);
        Assert.Equal(DmarcReportMessageDestinationStatus.Duplicate, result.Destinations[1].Status);
    }

    [Fact]
    public async Task ComposeAsync_SameInputTwice_SameBytes()
    {
        DmarcReportMessage first = await Composer().ComposeAsync(Report(), Uris("mailto:a@example.com"));
        DmarcReportMessage second = await Composer().ComposeAsync(Report(), Uris("mailto:a@example.com"));

        Assert.Equal(first.Content, second.Content);
    }

    [Fact]
    public void Constructor_FromWithCrLf_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DmarcReportMessageComposer(
            new DmarcReportMessageOptions { From = "a\r\nBcc: x@example.com" }, new Dmarc.DmarcReportAuthorization(Zone())));
    }
}
