using MailAuth.Text;
using MailAuth.Dmarc;
using Xunit;

namespace MailAuth.Tests.Dmarc;

public sealed class DmarcRecordTests
{
    [Fact]
    public void TryParse_FullRecord_AllTags()
    {
        var r = DmarcRecord.Parse("v=DMARC1; p=reject; sp=quarantine; np=none; adkim=s; aspf=s; pct=20; fo=1:d:s; rf=afrf; ri=3600; " +
                                  "rua=mailto:agg@example.com,mailto:big@example.net!10m; ruf=mailto:ff@example.com; t=y; psd=n");
        Assert.Equal(DmarcPolicy.Reject, r.Policy);
        Assert.Equal(DmarcPolicy.Quarantine, r.SubdomainPolicy);
        Assert.Equal(DmarcPolicy.None, r.NonExistentSubdomainPolicy);
        Assert.Equal(DmarcAlignmentMode.Strict, r.DkimAlignment);
        Assert.Equal(DmarcAlignmentMode.Strict, r.SpfAlignment);
        Assert.Equal(20, r.Percentage);
        Assert.True(r.HasPercentage);
        Assert.Equal("1:d:s", r.FailureReportingOptions);
        Assert.Equal("afrf", r.ReportFormat);
        Assert.Equal(3600, r.ReportInterval);
        Assert.Equal(2, r.AggregateReportUris.Count);
        Assert.Equal(10L << 20, r.AggregateReportUris[1].MaxSize);
        Assert.Equal("example.net", r.AggregateReportUris[1].DestinationHost);
        Assert.Single(r.FailureReportUris);
        Assert.True(r.TestingMode);
        Assert.False(r.Psd);
        Assert.Empty(r.Problems);
    }

    [Fact]
    public void TryParse_Defaults()
    {
        var r = DmarcRecord.Parse("v=DMARC1");
        Assert.Null(r.Policy);
        Assert.False(r.IsPolicyInvalid);
        Assert.Equal(DmarcAlignmentMode.Relaxed, r.DkimAlignment);
        Assert.Equal(DmarcAlignmentMode.Relaxed, r.SpfAlignment);
        Assert.Equal(100, r.Percentage);
        Assert.False(r.HasPercentage);
        Assert.Equal("0", r.FailureReportingOptions);
        Assert.Equal(86400, r.ReportInterval);
        Assert.Empty(r.AggregateReportUris);
        Assert.False(r.TestingMode);
        Assert.Null(r.Psd);
        Assert.Empty(r.Problems);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v=spf1 -all")]
    [InlineData("p=reject; v=DMARC1")]
    [InlineData("v=dmarc1; p=reject")]
    [InlineData("v=DMARC2; p=reject")]
    [InlineData("v = DMARC10; p=reject")]
    [InlineData("; v=DMARC1")]
    [InlineData("=DMARC1")]
    public void TryParse_NotDmarc_ReturnsFalse(string text)
    {
        Assert.False(DmarcRecord.TryParse(text, out var record, out ParseError? error));
        Assert.Null(record);
        Assert.NotNull(error);
        Assert.Throws<FormatException>(() => DmarcRecord.Parse(text));
    }

    [Theory]
    [InlineData("v=DMARC2; p=reject", 0)]
    [InlineData("  p=reject; v=DMARC1", 2)]
    [InlineData("  x", 2)]
    public void TryParse_NotDmarc_ErrorHasTheOffset(string text, int offset)
    {
        Assert.False(DmarcRecord.TryParse(text, out _, out ParseError? error));
        Assert.Equal(offset, error.Offset);
        Assert.EndsWith($" at offset {offset}", error.ToString(), StringComparison.Ordinal);
    }

    // RFC 7489 §6.4 / RFC 9989 §4.8: tag names are ABNF strings, so case-insensitive; only the value DMARC1 is
    // case-sensitive (RFC 9989: %s"DMARC1"). Policy words are ABNF strings too ("none" / "quarantine" / "reject").
    [Theory]
    [InlineData("V=DMARC1; p=reject", DmarcPolicy.Reject)]
    [InlineData("V = DMARC1; P=REJECT", DmarcPolicy.Reject)]
    [InlineData(" V=DMARC1;p=Quarantine", DmarcPolicy.Quarantine)]
    public void TryParse_UpperCaseVersionTagName_IsDmarcRecord(string text, DmarcPolicy expected)
    {
        Assert.True(DmarcRecord.TryParse(text, out var record, out ParseError? error), error?.ToString());
        Assert.Equal(expected, record!.Policy);
    }

    [Theory]
    [InlineData("V=dmarc1; p=reject")]
    [InlineData("V=Dmarc1; p=reject")]
    public void TryParse_VersionValueNotExactlyDmarc1_NotDmarc(string text)
        => Assert.False(DmarcRecord.TryParse(text, out _, out _));

    [Theory]
    [InlineData("v=DMARC1;p=reject", DmarcPolicy.Reject)]
    [InlineData("v = DMARC1 ; p = quarantine ;", DmarcPolicy.Quarantine)]
    [InlineData("v=DMARC1; P=Reject", DmarcPolicy.Reject)]
    [InlineData("v=DMARC1;; p=none;;", DmarcPolicy.None)]
    [InlineData("v=DMARC1;\r\n p=reject", DmarcPolicy.Reject)]
    public void TryParse_Whitespace_Case_EmptySpecs(string text, DmarcPolicy expected)
    {
        Assert.True(DmarcRecord.TryParse(text, out var record, out _));
        Assert.Equal(expected, record!.Policy);
    }

    [Theory]
    [InlineData("v=DMARC1; p=bogus", "p")]
    [InlineData("v=DMARC1; p=reject; sp=maybe", "sp")]
    [InlineData("v=DMARC1; p=reject; np=", "np")]
    public void TryParse_InvalidPolicies_FlaggedAsProblems(string text, string tag)
    {
        var r = DmarcRecord.Parse(text);
        Assert.Contains(r.Problems, p => p.Contains($"invalid {tag}=", StringComparison.Ordinal));
        Assert.True(tag switch { "p" => r.IsPolicyInvalid, "sp" => r.IsSubdomainPolicyInvalid, _ => r.IsNonExistentSubdomainPolicyInvalid });
    }

    [Theory]
    [InlineData("v=DMARC1; p=none; adkim=x", "adkim")]
    [InlineData("v=DMARC1; p=none; aspf=relaxed", "aspf")]
    [InlineData("v=DMARC1; p=none; pct=101", "pct")]
    [InlineData("v=DMARC1; p=none; pct=-1", "pct")]
    [InlineData("v=DMARC1; p=none; fo=0:1; ruf=mailto:a@b.example", "fo")]
    [InlineData("v=DMARC1; p=none; fo=x; ruf=mailto:a@b.example", "fo")]
    [InlineData("v=DMARC1; p=none; ri=soon", "ri")]
    [InlineData("v=DMARC1; p=none; t=maybe", "t")]
    [InlineData("v=DMARC1; p=none; psd=x", "psd")]
    [InlineData("v=DMARC1; p=none; rf=a f", "rf")]
    public void TryParse_InvalidValue_DefaultAndProblem(string text, string tag)
    {
        var r = DmarcRecord.Parse(text);
        Assert.Contains(r.Problems, p => p.StartsWith($"invalid {tag}=", StringComparison.Ordinal));
        Assert.Equal(DmarcAlignmentMode.Relaxed, r.DkimAlignment);
        Assert.Equal(DmarcAlignmentMode.Relaxed, r.SpfAlignment);
        Assert.Equal(100, r.Percentage);
        Assert.Equal("0", r.FailureReportingOptions);
        Assert.False(r.TestingMode);
        Assert.Null(r.Psd);
    }

    [Fact]
    public void TryParse_UnknownTags_Ignored()
    {
        var r = DmarcRecord.Parse("v=DMARC1; p=reject; foo=bar; x_y=1");
        Assert.Equal(DmarcPolicy.Reject, r.Policy);
        Assert.Empty(r.Problems);
    }

    [Fact]
    public void TryParse_DuplicateTag_FirstWins()
    {
        var r = DmarcRecord.Parse("v=DMARC1; p=reject; p=none");
        Assert.Equal(DmarcPolicy.Reject, r.Policy);
        Assert.Contains(r.Problems, p => p.Contains("duplicate", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_SyntaxErrorMidway_KeepsEarlierTags()
    {
        var r = DmarcRecord.Parse("v=DMARC1; p=quarantine; bad tag; sp=reject");
        Assert.Equal(DmarcPolicy.Quarantine, r.Policy);
        Assert.Null(r.SubdomainPolicy);
        Assert.Contains(r.Problems, p => p.StartsWith("syntax error", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_Uris_InvalidDroppedValidKept()
    {
        var r = DmarcRecord.Parse("v=DMARC1; p=none; rua=not a uri, mailto:ok@example.com , mailto:x@example.org!5x");
        Assert.Single(r.AggregateReportUris);
        Assert.True(r.HasValidAggregateReportUri);
        Assert.Equal(2, r.Problems.Count(p => p.StartsWith("invalid rua URI", StringComparison.Ordinal)));
    }

    [Fact]
    public void TryParse_FoWithoutRuf_Ignored()
    {
        var r = DmarcRecord.Parse("v=DMARC1; p=none; fo=1");
        Assert.Equal("0", r.FailureReportingOptions);
    }

    [Theory]
    [InlineData("mailto:a@Example.COM", "example.com", null)]
    [InlineData("mailto:a@example.com!100", "example.com", 100L)]
    [InlineData("mailto:a@example.com!2k", "example.com", 2048L)]
    [InlineData("mailto:a@example.com!1g", "example.com", 1073741824L)]
    [InlineData("mailto:a@example.com!1t", "example.com", 1099511627776L)]
    [InlineData("https://reports.example.net/dmarc", "reports.example.net", null)]
    public void ReportUri_Parse(string text, string host, long? size)
    {
        Assert.True(DmarcReportUri.TryParse(text, out var uri));
        Assert.Equal(host, uri!.DestinationHost);
        Assert.Equal(size, uri.MaxSize);
        Assert.StartsWith(text.Split('!')[0], uri.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/path")]
    [InlineData("mailto:a@b.example!")]
    [InlineData("mailto:a@b.example!k")]
    [InlineData("mailto:a@b.example!99999999999999999999")]
    public void ReportUri_Invalid(string text) => Assert.False(DmarcReportUri.TryParse(text, out _));
}
