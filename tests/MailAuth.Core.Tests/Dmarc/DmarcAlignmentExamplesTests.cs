using MailAuth.Dmarc;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dmarc;

/// <summary>
/// RFC 9989 (draft-ietf-dmarc-dmarcbis-41) Appendix B.1 identifier alignment examples and the §4.4 table,
/// each checked under a relaxed and a strict record.
/// </summary>
public sealed class DmarcAlignmentExamplesTests
{
    private static ZoneFileResolver Zone(string tags)
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("_dmarc.example.com", "v=DMARC1; p=reject; " + tags);
        zone.AddAddress("child.example.com", "192.0.2.1");
        zone.AddAddress("news.example.com", "192.0.2.2");
        return zone;
    }

    // (example, authenticated identifier, author domain, aligned relaxed, aligned strict)
    public static TheoryData<string, string, string, bool, bool> Examples => new()
    {
        { "B.1 example 1 (strict)", "example.com", "example.com", true, true },
        { "B.1 example 2 (relaxed)", "child.example.com", "example.com", true, false },
        { "B.1 example 3 (none)", "example.net", "child.example.com", false, false },
        { "B.1.2 example 2 (relaxed, parent)", "example.com", "child.example.com", true, false },
        { "§4.4 table row 1", "foo.example.com", "news.example.com", true, false },
        { "§4.4 table row 2", "news.example.com", "news.example.com", true, true },
        { "§4.4 table row 3", "foo.example.net", "news.example.com", false, false },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Spf_AlignmentExamples(string example, string identifier, string author, bool relaxed, bool strict)
    {
        var spf = new DmarcSpfInput(DmarcAuthResult.Pass, identifier);
        var r = await new DmarcEvaluator(Zone("aspf=r")).EvaluateAsync(author, spf, []);
        var s = await new DmarcEvaluator(Zone("aspf=s")).EvaluateAsync(author, spf, []);
        Assert.True(relaxed == r.SpfAligned, example);
        Assert.True(strict == s.SpfAligned, example);
        Assert.Equal(relaxed ? DmarcStatus.Pass : DmarcStatus.Fail, r.Status);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Dkim_AlignmentExamples(string example, string identifier, string author, bool relaxed, bool strict)
    {
        DmarcDkimInput[] dkim = [new DmarcDkimInput(DmarcAuthResult.Pass, identifier, "s1")];
        var r = await new DmarcEvaluator(Zone("adkim=r")).EvaluateAsync(author, DmarcSpfInput.None, dkim);
        var s = await new DmarcEvaluator(Zone("adkim=s")).EvaluateAsync(author, DmarcSpfInput.None, dkim);
        Assert.True(relaxed == r.DkimAligned, example);
        Assert.True(strict == s.DkimAligned, example);
        Assert.Equal(strict ? DmarcStatus.Pass : DmarcStatus.Fail, s.Status);
    }

    [Fact]
    public async Task FailingIdentifiers_NeverAlign()
    {
        // B.1: "Alignment cannot exist if SPF does not produce a passing result" / "with a DKIM signature that does not validate".
        var result = await new DmarcEvaluator(Zone("")).EvaluateAsync("example.com",
            new DmarcSpfInput(DmarcAuthResult.Fail, "example.com"), [new DmarcDkimInput(DmarcAuthResult.Fail, "example.com")]);
        Assert.Equal(DmarcStatus.Fail, result.Status);
        Assert.False(result.SpfAligned);
        Assert.False(result.DkimAligned);
        Assert.Equal(DmarcPolicy.Reject, result.Disposition);
    }
}
