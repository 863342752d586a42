using MailAuth.Text;
using Xunit;

namespace MailAuth.Tests.Text;

public class TagListRecordTests
{
    // RFC 6376 Appendix C: the example key record, with whitespace inside p= as DNS zone files often split it.
    private const string KeyRecord = "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYt\r\n IxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhi\r\n tdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB";

    [Fact]
    public void KeyRecord_PValueDecodesAsSubjectPublicKeyInfo()
    {
        Span<TagRange> tags = stackalloc TagRange[TagList.DefaultMaxTags];
        Assert.True(TagList.TryParse(KeyRecord, tags, out int count, out _));
        Assert.True(TagList.TryGetValue(KeyRecord, tags[..count], "p", out var p));

        Span<char> stripped = stackalloc char[p.Length];
        int n = Fws.Strip(p, stripped);
        Assert.DoesNotContain(' ', stripped[..n].ToString());
        Assert.True(Base64Text.TryDecodePooled(p, out var der));
        using (der)
        {
            using var rsa = System.Security.Cryptography.RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(der.Span, out int read);
            Assert.Equal(der.Length, read);
            Assert.Equal(1024, rsa.KeySize);
        }
    }

    [Theory]
    [InlineData("v=DMARC1; p=reject; rua=mailto:dmarc@example.com,mailto:x@example.net!10m; pct=100; fo=1:d", 5)]
    [InlineData("v=DMARC1;p=none;;sp=quarantine;", 3)]
    public void DmarcRecord_LenientReaderReadsAllTags(string record, int expected)
    {
        var reader = new TagListReader(record, allowEmptyTagSpecs: true);
        int count = 0;
        while (reader.MoveNext())
        {
            count++;
        }

        Assert.False(reader.Error.IsError);
        Assert.Equal(expected, count);
    }

    [Theory]
    [InlineData("a  b", 0, 0)]
    [InlineData("  \t\r\n x", 0, 6)]
    [InlineData(" \r\nx", 0, 1)]
    [InlineData("x \r\n", 1, 2)]
    public void Skip_StopsBeforeLineBreakWithoutWhitespace(string text, int start, int expected)
    {
        Assert.Equal(expected, Fws.Skip(text, start));
    }
}
