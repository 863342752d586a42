using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Dmarc;
using MailAuth.MimeKit;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Xunit;

namespace MailAuth.Reports.Tests.FailureReports;

/// <summary>AFRF composition (RFC 6591 over RFC 5965, RFC 9991 §4), redaction (RFC 6590) and the round trip through the reader.</summary>
public sealed class DmarcFailureReportComposerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 5, TimeSpan.Zero);

    private static DmarcFailureReportComposer Composer(DmarcFailureReportContent content = DmarcFailureReportContent.HeadersOnly, DmarcFailureReportRedaction redaction = DmarcFailureReportRedaction.None, byte[]? key = null) =>
        new(new DmarcFailureReportComposerOptions
        {
            From = "dmarc-noreply@mx.example.net",
            ReportingMta = "mx.example.net",
            Content = content,
            Redaction = redaction,
            RedactionKey = key,
            TimeProvider = new FakeTimeProvider(Now),
        });

    private static async Task<(byte[] Bytes, ArfReport Report)> ComposeAndReadAsync(DmarcFailureReportComposer composer, string message, string mailFrom = "alice@example.com", DmarcFailureReportDetails? details = null)
    {
        var (outcome, decision) = await FailureReportFixture.FailAsync(message, mailFrom);
        byte[] bytes = DmarcFailureReportComposer.ToBytes(composer.Compose(outcome, decision, Encoding.UTF8.GetBytes(message), details));
        ArfReadResult read = new ArfReportReader().Read(bytes);
        Assert.True(read.Success, read.Reason);
        return (bytes, read.Report);
    }

    [Fact]
    public async Task Compose_FailedMessage_AfrfFields()
    {
        var details = new DmarcFailureReportDetails { EnvelopeId = "ENV123", DeliveryResult = ArfDeliveryResult.Reject, ArrivalDate = Now, SpfRecord = "v=spf1 ip4:192.0.2.25 -all" };

        var (bytes, report) = await ComposeAndReadAsync(Composer(), FailureReportFixture.Message(), details: details);

        string text = Encoding.ASCII.GetString(bytes);
        Assert.Matches("Content-Type: multipart/report;[^:]*report-type=feedback-report", text);
        Assert.Contains("Auto-Submitted: auto-generated", text, StringComparison.Ordinal);
        Assert.Equal("FW: Quarterly numbers", report.Subject);
        Assert.Equal("auth-failure", report.FeedbackType);
        Assert.Equal(1, report.Version);
        Assert.Equal("MailAuth/1", report.UserAgent);
        Assert.Equal("dmarc", report.AuthFailure);
        Assert.Equal(["dkim", "spf"], report.IdentityAlignment);
        Assert.Equal("reject", report.DeliveryResult);
        Assert.Equal("ENV123", report.OriginalEnvelopeId);
        Assert.Equal("<alice@example.com>", report.OriginalMailFrom);
        Assert.Equal("203.0.113.9", report.SourceIp!.ToString());
        Assert.Equal(["example.com"], report.ReportedDomains);
        Assert.Equal("dns; mx.example.net", report.ReportingMta);
        string authResults = Assert.Single(report.AuthenticationResults);
        Assert.StartsWith("mx.example.net;", authResults, StringComparison.Ordinal);
        Assert.Contains("dmarc=fail", authResults, StringComparison.Ordinal);
        Assert.DoesNotContain("spf=", authResults, StringComparison.Ordinal); // RFC 6591 §3.1: one method only
        Assert.Equal("example.com", report.DkimDomain);
        Assert.Equal("s1", report.DkimSelector);
        Assert.Equal("alice@example.com", report.DkimIdentity);
        Assert.Equal("txt : example.com : \"v=spf1 ip4:192.0.2.25 -all\"", Assert.Single(report.SpfDns));
        Assert.True(report.OriginalIsHeadersOnly);
        Assert.Equal("<12345@mail.example.com>", "<" + report.Original.MessageId + ">");
        Assert.DoesNotContain("The numbers are attached", text, StringComparison.Ordinal);
        Assert.Equal(["ruf@example.com"], report.Fields.Count > 0 ? MimeMessage.Load(new MemoryStream(bytes)).To.Mailboxes.Select(m => m.Address) : []);
    }

    [Fact]
    public async Task Compose_WholeMessage_Rfc822WithBody()
    {
        var (bytes, report) = await ComposeAndReadAsync(Composer(DmarcFailureReportContent.Message), FailureReportFixture.Message());

        Assert.False(report.OriginalIsHeadersOnly);
        Assert.Contains("Content-Type: message/rfc822", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal("The numbers are attached.", Assert.IsType<TextPart>(report.Original.Body).Text.Trim());
    }

    [Fact]
    public async Task Compose_TokenRedaction_LocalPartsGoneDomainsAndIdsKept()
    {
        string message = FailureReportFixture.Message(extraHeaders: "Reply-To: \"Alice\" <alice.private+tag@example.com>\r\nX-Original-To: \"quoted local\"@example.net\r\n");
        var details = new DmarcFailureReportDetails { OriginalRecipients = ["bob@example.net"] };

        var (bytes, report) = await ComposeAndReadAsync(Composer(DmarcFailureReportContent.Message, DmarcFailureReportRedaction.Token), message, details: details);

        string text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("alice", text, StringComparison.Ordinal); // display names ("Alice Example") are not local parts
        Assert.DoesNotContain("bob@", text, StringComparison.Ordinal);
        Assert.DoesNotContain("quoted local", text, StringComparison.Ordinal);
        Assert.Equal("<redacted@example.com>", report.OriginalMailFrom);
        Assert.Equal(["<redacted@example.net>"], report.OriginalRcptTo);
        Assert.Equal("redacted@example.com", report.DkimIdentity);
        Assert.Equal("redacted@example.com", report.Original.From.Mailboxes.Single().Address);
        Assert.Equal("redacted@example.net", report.Original.To.Mailboxes.Single().Address);
        Assert.Contains("for <redacted@example.net>", report.Original.Headers["Received"] ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("i=redacted@example.com", report.Original.Headers["DKIM-Signature"] ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("12345@mail.example.com", report.Original.MessageId);
    }

    [Fact]
    public async Task Compose_KeyedHashRedaction_StablePerKeyAndAddress()
    {
        byte[] key1 = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        byte[] key2 = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();
        string message = FailureReportFixture.Message();

        var (_, a) = await ComposeAndReadAsync(Composer(redaction: DmarcFailureReportRedaction.KeyedHash, key: key1), message);
        var (_, b) = await ComposeAndReadAsync(Composer(redaction: DmarcFailureReportRedaction.KeyedHash, key: key1), message, "ALICE@example.com");
        var (_, c) = await ComposeAndReadAsync(Composer(redaction: DmarcFailureReportRedaction.KeyedHash, key: key2), message);

        Assert.Matches("^<[0-9a-f]{16}@example.com>$", a.OriginalMailFrom);
        Assert.Equal(a.OriginalMailFrom, b.OriginalMailFrom);
        Assert.NotEqual(a.OriginalMailFrom, c.OriginalMailFrom);
        Assert.Equal(a.OriginalMailFrom!.Trim('<', '>'), a.Original.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Compose_CrLfInjectionInSubjectFromAndMailFrom_NoInjectedFields()
    {
        // The encoded subject decodes to "hi\r\nBcc: victim@example.org"; the MAIL FROM carries a raw CR/LF (the API accepts any string).
        string subject = "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("hi\r\nBcc: victim@example.org")) + "?=";
        string message = FailureReportFixture.Message(from: "\"Evil\r\n Bcc: victim@example.org\" <alice@example.com>", subject: subject);

        var (bytes, report) = await ComposeAndReadAsync(Composer(), message, "alice\r\nBcc: victim@example.org@example.com");

        MimeMessage parsed = MimeMessage.Load(new MemoryStream(bytes));
        Assert.Empty(parsed.Bcc);
        Assert.Null(parsed.Headers["Bcc"]);
        Assert.DoesNotContain(report.Fields, f => f.Name.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("FW: hi  Bcc: victim@example.org", report.Subject);
        Assert.DoesNotContain('\n', report.OriginalMailFrom!);
    }

    [Fact]
    public async Task Compose_OriginalOverMaxOriginalBytes_HeadersOnly()
    {
        var composer = new DmarcFailureReportComposer(new DmarcFailureReportComposerOptions { From = "r@mx.example.net", Content = DmarcFailureReportContent.Message, MaxOriginalBytes = 1024 });
        string message = FailureReportFixture.Message() + new string('x', 4096) + "\r\n";

        var (_, report) = await ComposeAndReadAsync(composer, message);

        Assert.True(report.OriginalIsHeadersOnly);
    }

    [Fact]
    public async Task Compose_NoDestination_Throws()
    {
        var (outcome, decision) = await FailureReportFixture.FailAsync(FailureReportFixture.Message());

        Assert.Throws<ArgumentException>(() => Composer().Compose(outcome, decision with { Destinations = [] }, Array.Empty<byte>()));
    }

    private static DmarcFailureReportDestination Ruf(string uri)
    {
        Assert.True(DmarcReportUri.TryParse(uri, out DmarcReportUri? parsed));
        return new DmarcFailureReportDestination(parsed, DmarcFailureReportDecider.MailtoAddress(parsed), DmarcFailureReportDestinationStatus.Send);
    }

    private static string LargeMessage(int bodyBytes) => FailureReportFixture.Message() + string.Concat(Enumerable.Repeat(new string('x', 998) + "\r\n", bodyBytes / 1000));

    private static async Task<DmarcFailureReportComposition> TryComposeAsync(string message, params string[] rufs)
    {
        var (outcome, decision) = await FailureReportFixture.FailAsync(message);
        return Composer(DmarcFailureReportContent.Message).TryCompose(outcome, decision with { Destinations = rufs.Select(Ruf).ToArray() }, Encoding.UTF8.GetBytes(message));
    }

    [Theory]
    [InlineData("!2k", true, 0, 2048)] // the whole message cannot fit: header block only, within 2 KiB
    [InlineData("!10m", false, 50 * 1024, 10 << 20)] // it fits: the whole message
    public async Task TryCompose_RufLimitWith50KbMessage_LargestFormWithinLimit(string limit, bool headersOnly, int minBytes, int maxBytes)
    {
        DmarcFailureReportComposition result = await TryComposeAsync(LargeMessage(50 * 1024), "mailto:a@example.com" + limit);

        Assert.True(result.Success, result.Reason);
        Assert.Equal(headersOnly, result.HeadersOnly);
        byte[] bytes = DmarcFailureReportComposer.ToBytes(result.Message!);
        Assert.Equal(result.Size, bytes.Length);
        Assert.InRange(bytes.Length, minBytes, maxBytes);
        Assert.Equal(headersOnly, new ArfReportReader().Read(bytes).Report!.OriginalIsHeadersOnly);
        Assert.Equal(["a@example.com"], result.Decision.Recipients);
    }

    [Fact]
    public async Task TryCompose_OneDestinationWithSmallLimit_HeadersOnlyToBoth()
    {
        DmarcFailureReportComposition result = await TryComposeAsync(LargeMessage(50 * 1024), "mailto:a@example.com!2k", "mailto:b@example.com");

        Assert.True(result.Success, result.Reason);
        Assert.True(result.HeadersOnly);
        Assert.True(result.Size <= 2048);
        Assert.Equal(["a@example.com", "b@example.com"], result.Decision.Recipients);
        Assert.Equal(["a@example.com", "b@example.com"], result.Message!.To.Mailboxes.Select(m => m.Address));
    }

    [Fact]
    public async Task TryCompose_OneDestinationTooSmallEvenForHeaders_DroppedOtherGetsWholeMessage()
    {
        DmarcFailureReportComposition result = await TryComposeAsync(LargeMessage(50 * 1024), "mailto:a@example.com!100", "mailto:b@example.com!1m");

        Assert.True(result.Success, result.Reason);
        Assert.False(result.HeadersOnly);
        Assert.Equal(DmarcFailureReportDestinationStatus.TooLarge, result.Decision.Destinations[0].Status);
        Assert.Equal(DmarcFailureReportDestinationStatus.Send, result.Decision.Destinations[1].Status);
        Assert.Equal(["b@example.com"], result.Message!.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("mailto:a@example.com!100", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryCompose_EveryDestinationTooSmall_NoReportWithoutException()
    {
        DmarcFailureReportComposition result = await TryComposeAsync(LargeMessage(50 * 1024), "mailto:a@example.com!100", "mailto:b@example.com!1");

        Assert.False(result.Success);
        Assert.Null(result.Message);
        Assert.False(result.Decision.ShouldReport);
        Assert.All(result.Decision.Destinations, d => Assert.Equal(DmarcFailureReportDestinationStatus.TooLarge, d.Status));
        Assert.Contains("too small", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryCompose_NoDestination_NoReportWithoutException()
    {
        var (outcome, decision) = await FailureReportFixture.FailAsync(FailureReportFixture.Message());

        DmarcFailureReportComposition result = Composer().TryCompose(outcome, decision with { Destinations = [] }, Array.Empty<byte>());

        Assert.False(result.Success);
        Assert.Null(result.Message);
    }

    [Fact]
    public async Task Compose_RufLimit2k_HonoursLimit()
    {
        string message = LargeMessage(50 * 1024);
        var (outcome, decision) = await FailureReportFixture.FailAsync(message);

        MimeMessage report = Composer(DmarcFailureReportContent.Message).Compose(outcome, decision with { Destinations = [Ruf("mailto:a@example.com!2k")] }, Encoding.UTF8.GetBytes(message));

        Assert.True(DmarcFailureReportComposer.ToBytes(report).Length <= 2048);
    }

    [Property(MaxTest = 25)]
    public Property TryCompose_AnyLimits_ReportFitsEverySendingDestination() =>
        Prop.ForAll(Gen.Choose(1, 40_000).ToArbitrary(), Gen.Choose(1, 40_000).ToArbitrary(), (first, second) =>
        {
            DmarcFailureReportComposition result = TryComposeAsync(LargeMessage(20 * 1024), $"mailto:a@example.com!{first}", $"mailto:b@example.com!{second}").GetAwaiter().GetResult();
            long size = result.Message is null ? 0 : DmarcFailureReportComposer.ToBytes(result.Message).Length;
            return result.Decision.Destinations.All(d => !d.MaySend || size <= d.Uri.MaxSize)
                && result.Success == result.Decision.ShouldReport
                && (result.Success ? size == result.Size : result.Decision.Destinations.All(d => d.Status == DmarcFailureReportDestinationStatus.TooLarge));
        });

    [Theory]
    [InlineData("")]
    [InlineData("a\r\nb@example.com")]
    [InlineData("two@example.com, three@example.com")]
    public void Constructor_BadFrom_Throws(string from) =>
        Assert.Throws<ArgumentException>(() => new DmarcFailureReportComposer(new DmarcFailureReportComposerOptions { From = from }));

    [Fact]
    public void Constructor_KeyedHashWithoutKey_Throws() =>
        Assert.Throws<ArgumentException>(() => new DmarcFailureReportComposer(new DmarcFailureReportComposerOptions { From = "r@example.net", Redaction = DmarcFailureReportRedaction.KeyedHash }));

    private static readonly Gen<string> Text =
        from chars in Gen.ArrayOf(Gen.Elements("a", "Z", "0", " ", "\r", "\n", "\t", ":", "@", "é", "\"", "=?", "<", ">", ";", "\0"))
        select string.Concat(chars);

    [Property(MaxTest = 60)]
    public Property ComposeThenRead_RoundTrip_KeepsFields() =>
        Prop.ForAll(Text.ToArbitrary(), Text.ToArbitrary(), Gen.Choose(1, 254).ToArbitrary(), (subject, local, lastOctet) =>
        {
            string safeLocal = new(local.Where(char.IsAsciiLetterOrDigit).DefaultIfEmpty('x').ToArray());
            string message = FailureReportFixture.Message(subject: subject.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal));
            var (_, report) = ComposeAndReadAsync(Composer(DmarcFailureReportContent.Message), message, safeLocal + "@example.com", null).GetAwaiter().GetResult();
            return report.AuthFailure == "dmarc"
                && report.FeedbackType == "auth-failure"
                && report.OriginalMailFrom == "<" + safeLocal + "@example.com>"
                && report.SourceIp!.ToString() == "203.0.113.9"
                && report.ReportedDomains.SequenceEqual(["example.com"])
                && report.IdentityAlignment.SequenceEqual(["dkim", "spf"])
                && report.Original.MessageId == "12345@mail.example.com"
                && report.Subject!.StartsWith("FW:", StringComparison.Ordinal);
        });
}
