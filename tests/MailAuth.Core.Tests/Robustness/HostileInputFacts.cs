using System.Net;
using System.Text;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.PublicSuffix;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Robustness;

/// <summary>Single pathological inputs (deep nesting, huge sizes, loops) that random generation rarely reaches.</summary>
public sealed class HostileInputFacts
{
    private static readonly SmtpContext Context = new(IPAddress.Parse("192.0.2.1"), "mail.example.com", "alice@example.com");

    [Fact]
    public void AuthorDomainsExtract_DeeplyNestedComment_GivesValueNotStackOverflow()
    {
        string from = new string('(', 100_000) + new string(')', 100_000) + " alice@example.com";
        AuthorDomains domains = AuthorDomains.Extract(from);
        Assert.True(domains.IsValid ? domains.Domains.Count == 1 : domains.Reason is not null);
    }

    [Fact]
    public void AuthenticationResultsTryParse_DeeplyNestedComment_IsError()
    {
        string text = "mx.example; " + new string('(', 100_000) + "spf=pass";
        Assert.False(AuthResultsHeader.TryParse(text, out _, out AuthResultsParseError? error));
        Assert.NotNull(error);
    }

    // Repro (found by this suite): a 100 000-character ASCII name gave the registrable domain "a.com" although the
    // U-label path (IdnMapping) rejects over-long names; fixed in PublicSuffixList.Match (RFC 1035 §2.3.4 limits).
    [Fact]
    public void PublicSuffixList_HugeName_GivesNoRegistrableDomain()
    {
        string name = string.Join('.', Enumerable.Repeat("a", 50_000)) + ".com";
        Assert.Null(PublicSuffixList.Default.GetRegistrableDomain(name));
        Assert.False(PublicSuffixList.Default.IsPublicSuffix(name));
    }

    [Theory]
    [InlineData(64, false)]
    [InlineData(63, true)]
    public void PublicSuffixList_LabelLength_ValidOnlyUpTo63(int length, bool valid)
    {
        Assert.Equal(valid, PublicSuffixList.Default.Match(new string('a', length) + ".example.com").IsValid);
        Assert.Equal(valid, PublicSuffixList.Default.Match("www." + new string('a', length) + ".com").IsValid);
    }

    [Fact]
    public void SpfRecordTryParse_TenThousandTerms_GivesValue()
    {
        string record = "v=spf1 " + string.Join(' ', Enumerable.Repeat("ip4:192.0.2.1", 10_000)) + " -all";
        Assert.True(SpfRecord.TryParse(record, out SpfRecord? parsed, out _));
        Assert.NotNull(parsed);
    }

    [Fact]
    public async Task SpfEvaluator_IncludeLoop_IsPermErrorAfterLookupLimit()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("loop.example", "v=spf1 include:loop.example -all");
        SpfResult result = await new SpfEvaluator(zone).CheckHostAsync(IPAddress.Parse("192.0.2.1"), "loop.example", "a@loop.example");
        Assert.Equal(SpfStatus.PermError, result.Status);
        Assert.True(result.DnsLookups <= new SpfOptions().MaxDnsLookups + 1);
    }

    [Fact]
    public async Task DmarcEvaluator_127LabelFromDomain_QueriesAtMostTreeWalkLimit()
    {
        var zone = new ZoneFileResolver();
        string from = string.Join('.', Enumerable.Repeat("a", 125)) + ".example";
        DmarcResult result = await new DmarcEvaluator(zone).EvaluateAsync(from, new DmarcSpfInput(DmarcAuthResult.Pass, from), []);
        Assert.True(result.DnsQueries <= DmarcOptions.DefaultMaxTreeWalkQueries + 1, $"{result.DnsQueries} queries");
    }

    [Fact]
    public async Task AuthenticateAsync_TwoHundredSignatures_EvaluatesOnlyMaxSignatures()
    {
        string signature = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==\r\n";
        string message = string.Concat(Enumerable.Repeat(signature, 200)) + "From: alice@example.com\r\n\r\nhi\r\n";
        var zone = new ZoneFileResolver();
        var authenticator = new MessageAuthenticator(zone);
        AuthenticationOutcome report = await authenticator.AuthenticateAsync(Encoding.ASCII.GetBytes(message), Context);
        int limit = new DkimMessageVerifierOptions().MaxSignatures;
        Assert.True(zone.QueryCount <= limit + 20, $"{zone.QueryCount} DNS queries");
        Assert.All(report.Dkim.Skip(limit), d => Assert.Equal(DkimProblem.TooManySignatures, d.Problem));
    }

    [Fact]
    public async Task AuthenticateAsync_EmptyInput_GivesReport()
    {
        var authenticator = new MessageAuthenticator(new ZoneFileResolver());
        AuthenticationOutcome report = await authenticator.AuthenticateAsync(ReadOnlyMemory<byte>.Empty, Context);
        Assert.True(MessageRobustnessTests.CheckReport(report));
    }

    [Fact]
    public async Task AuthenticateAsync_AllDnsTimesOut_GivesTempErrors()
    {
        var zone = new ZoneFileResolver();
        foreach (string name in new[] { "example.com", "mail.example.com", "sel._domainkey.example.com", "_dmarc.example.com" })
        {
            zone.SetFault(name, DnsStatus.Timeout);
        }

        string message = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==\r\nFrom: alice@example.com\r\n\r\nhi\r\n";
        AuthenticationOutcome report = await new MessageAuthenticator(zone).AuthenticateAsync(Encoding.ASCII.GetBytes(message), Context);
        Assert.Equal(SpfStatus.TempError, report.Spf.Status);
        Assert.Equal(DkimStatus.TempError, Assert.Single(report.Dkim).Status);
        Assert.Equal(DmarcStatus.TempError, report.Dmarc.Status);
    }

    [Fact]
    public void MessageReaderRead_OnlyFoldingLines_GivesValue()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(" \r\n\t\r\n \r\n\r\nbody");
        MessageReadResult result = MessageReader.Default.Read(bytes);
        using RawMessage? message = result.Message;
        Assert.True(result.IsSuccess != (result.Error is not null));
    }
}
