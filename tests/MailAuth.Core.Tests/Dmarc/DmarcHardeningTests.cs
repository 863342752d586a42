using System.Text;
using MailAuth.Dmarc;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dmarc;

/// <summary>Attacks on DMARC's inputs (issues 8 and 9): each must end in the Domain Owner's policy, never in "none".</summary>
public sealed class DmarcHardeningTests
{
    private static ZoneFileResolver BankZone(string record = "v=DMARC1; p=reject")
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("_dmarc.bank.example", record);
        return zone;
    }

    private static readonly DmarcSpfInput SpfFromAttacker = new(DmarcAuthResult.Pass, "evil.example");

    [Theory]
    [InlineData("V=DMARC1; p=reject")]
    [InlineData("V=DMARC1; P=REJECT")]
    public async Task EvaluateAsync_UpperCaseTagNames_FailWithReject(string record)
    {
        var result = await new DmarcEvaluator(BankZone(record)).EvaluateAsync("bank.example", SpfFromAttacker, []);
        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
    }

    [Fact]
    public void DmarcRecordParse_UpperCaseKeywordValues_AreTheKeywords()
    {
        // The value rules are ABNF strings too (dmarc-request, dmarc-rors, dmarc-yorn, dmarc-psd): case-insensitive.
        var r = DmarcRecord.Parse("V=DMARC1; P=REJECT; SP=Quarantine; ADKIM=S; Aspf=S; T=Y; PSD=N");
        Assert.Equal(DmarcPolicy.Reject, r.Policy);
        Assert.Equal(DmarcPolicy.Quarantine, r.SubdomainPolicy);
        Assert.Equal(DmarcAlignmentMode.Strict, r.DkimAlignment);
        Assert.Equal(DmarcAlignmentMode.Strict, r.SpfAlignment);
        Assert.True(r.TestingMode);
        Assert.False(r.Psd);
        Assert.Empty(r.Problems);
    }

    [Theory]
    [InlineData("user@192.0.2.1")]
    [InlineData("user@host.123")]
    [InlineData("user@1.2.3.4.5")]
    [InlineData("User <user@192.0.2.1.>")]
    public async Task EvaluateAsync_AllNumericTopLevelLabel_InvalidDomainWithoutDnsQuery(string from)
    {
        var zone = BankZone();
        var author = AuthorDomains.Extract(from);
        Assert.Equal(AuthorDomainError.InvalidDomain, author.Error);

        var result = await new DmarcEvaluator(zone).EvaluateAsync(author, SpfFromAttacker, []);

        Assert.Equal(DmarcStatus.PermError, result.Status);
        Assert.Equal(0, zone.QueryCount);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("[192.0.2.1]")]
    [InlineData("2.1")]
    public async Task EvaluateAsync_AddressLiteralAsDomainString_PermErrorWithoutDnsQuery(string domain)
    {
        var zone = BankZone();
        var result = await new DmarcEvaluator(zone).EvaluateAsync(domain, SpfFromAttacker, []);
        Assert.Equal(DmarcStatus.PermError, result.Status);
        Assert.Equal(0, zone.QueryCount);
    }

    [Fact]
    public async Task EvaluateAsync_BracketedAddressLiteral_PermErrorWithoutDnsQuery()
    {
        var zone = BankZone();
        var result = await new DmarcEvaluator(zone).EvaluateAsync(AuthorDomains.Extract("user@[192.0.2.1]"), SpfFromAttacker, []);
        Assert.Equal(DmarcStatus.PermError, result.Status);
        Assert.Equal(0, zone.QueryCount);
    }

    [Fact]
    public async Task EvaluateAsync_NumericAddressNextToBank_BankPolicyApplies()
    {
        var result = await new DmarcEvaluator(BankZone()).EvaluateAsync(AuthorDomains.Extract("ceo@bank.example, x@192.0.2.1"), SpfFromAttacker, []);
        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
    }

    public static TheoryData<DmarcMode, int> LongNames() => new()
    {
        { DmarcMode.Rfc9989TreeWalk, 247 },
        { DmarcMode.Rfc9989TreeWalk, 253 },
        { DmarcMode.Rfc7489Psl, 247 },
        { DmarcMode.Rfc7489Psl, 253 },
    };

    [Theory]
    [MemberData(nameof(LongNames))]
    public async Task EvaluateAsync_FromDomainTooLongForDmarcLabel_OrganizationalPolicyApplies(DmarcMode mode, int length)
    {
        string domain = LongSubdomain(length, "bank.example");
        var zone = BankZone();
        var result = await new DmarcEvaluator(zone, new DmarcOptions { Mode = mode, CheckNonExistentSubdomains = false }).EvaluateAsync(domain, SpfFromAttacker, []);

        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
        Assert.Equal("bank.example", result.PolicyDomain);
        Assert.Equal(DmarcLookupStatus.NotFound, result.Discovery[0].Status);
        Assert.Equal(domain, result.Discovery[0].Domain);
        Assert.Contains("not queried", result.Discovery[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SeveralFromFields_EveryDomain()
    {
        var author = AuthorDomains.Extract(["Bank <ceo@bank.example>", "x@evil.example, y@bank.example"]);
        Assert.True(author.IsValid, author.Reason);
        Assert.Equal(2, author.FromFieldCount);
        Assert.Equal(["bank.example", "evil.example"], author.Domains);
    }

    [Fact]
    public async Task EvaluateAsync_SecondFromField_StrictestPolicyApplies()
    {
        var zone = BankZone();
        zone.AddTxt("_dmarc.evil.example", "v=DMARC1; p=none");
        var author = AuthorDomains.Extract(["x@evil.example", "ceo@bank.example"]);

        var result = await new DmarcEvaluator(zone).EvaluateAsync(author, SpfFromAttacker, []);
        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
        Assert.Equal("bank.example", result.AuthorDomain);

        var strict = await new DmarcEvaluator(zone, new DmarcOptions { MultipleFromFieldsPermError = true }).EvaluateAsync(author, SpfFromAttacker, []);
        Assert.Equal(DmarcStatus.PermError, strict.Status);
    }

    [Theory]
    [InlineData("(unbalanced")]
    [InlineData("nobody")]
    [InlineData("undisclosed-recipients:;")]
    public async Task EvaluateAsync_BadSecondFromField_BankPolicyStillApplies(string second)
    {
        var author = AuthorDomains.Extract(["ceo@bank.example", second]);
        var result = await new DmarcEvaluator(BankZone()).EvaluateAsync(author, SpfFromAttacker, []);
        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
    }

    [Fact]
    public void Extract_EightyThousandDomains_StopsAtTheLimit()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 80_000; i++)
        {
            text.Append("a@d").Append(i).Append(".example, ");
        }

        string value = text.ToString();
        AuthorDomains.Extract("warm@up.example", 8);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var author = AuthorDomains.Extract(value, 8);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(9, author.Domains.Count);
        Assert.Equal(9, author.AddressCount);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated for a field whose extra domains should not be read");
    }

    [Fact]
    public void Extract_ManyAddressesOneDomain_Deduplicated()
    {
        string value = string.Join(", ", Enumerable.Range(0, 20_000).Select(i => $"u{i}@Bank.Example"));
        var author = AuthorDomains.Extract(value, 8);
        Assert.Equal(["bank.example"], author.Domains);
        Assert.Equal(20_000, author.AddressCount);
    }

    [Fact]
    public async Task EvaluateAsync_MoreDomainsThanTheLimit_PermError()
    {
        var author = AuthorDomains.Extract(string.Join(", ", Enumerable.Range(0, 50).Select(i => $"a@d{i}.example")), 3);
        var result = await new DmarcEvaluator(BankZone(), new DmarcOptions { MaxAuthorDomains = 3 }).EvaluateAsync(author, SpfFromAttacker, []);
        Assert.Equal(DmarcStatus.PermError, result.Status);
        Assert.Equal(4, author.Domains.Count);
    }

    [Fact]
    public async Task EvaluateAsync_SpoofedDomainHiddenBeyondTheDomainLimit_PermErrorWithRejectDisposition()
    {
        // Nine distinct From domains with the p=reject domain last: the limit must not turn p=reject into no action.
        string from = string.Join(", ", Enumerable.Range(0, 8).Select(i => $"a@d{i}.example")) + ", ceo@bank.example";
        var author = AuthorDomains.Extract(from, 8);
        var result = await new DmarcEvaluator(BankZone()).EvaluateAsync(author, SpfFromAttacker, []);
        Assert.Equal(DmarcStatus.PermError, result.Status);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
    }

    internal static string LongSubdomain(int length, string parent)
    {
        var sb = new StringBuilder();
        while (sb.Length + parent.Length < length)
        {
            int room = length - parent.Length - sb.Length - 1;
            sb.Append('a', Math.Clamp(room, 1, 63)).Append('.');
        }

        string name = sb + parent;
        Assert.Equal(length, name.Length);
        return name;
    }
}
