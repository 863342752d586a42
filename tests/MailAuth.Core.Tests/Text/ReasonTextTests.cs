using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Spf;
using MailAuth.Text;
using Xunit;

namespace MailAuth.Tests.Text;

/// <summary>Reasons and explanations never carry raw control characters: attacker text cannot forge output lines.</summary>
public class ReasonTextTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private static bool IsClean(string? text) => text is null || !text.Any(ReasonText.NeedsEscape);

    [Theory]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("nul\0", "nul\\u0000")]
    [InlineData("nel\u0085ls\u2028ps\u2029", "nel\\u0085ls\\u2028ps\\u2029")]
    [InlineData("rlo\u202Eevil", "rlo\\u202Eevil")]
    [InlineData("del\u007F", "del\\u007F")]
    public void Escape_ControlCharacters_ShownAsEscapes(string input, string expected)
        => Assert.Equal(expected, ReasonText.Escape(input));

    [Fact]
    public void Escape_CleanText_ReturnedAsIs()
    {
        string text = "'-all' in the record of 'example.com' matched";
        Assert.Same(text, ReasonText.Escape(text));
        Assert.Null(ReasonText.Escape(null));
    }

    [Property(MaxTest = 1000)]
    public Property Escape_AnyText_HasNoControlCharacters()
        => Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)), s => IsClean(ReasonText.Escape(s)));

    [Fact]
    public async Task SpfExplanation_CrLfInLocalPartAndHelo_Escaped()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", "v=spf1 -all exp=exp.example.com");
        zone.AddTxt("exp.example.com", "denied %{l} via %{h}");
        var evaluator = new SpfEvaluator(zone);

        SpfResult result = await evaluator.CheckHostAsync(Client, "example.com", "a\r\nX-Forged: yes@example.com", "h\r\nX-Other: 1");

        Assert.Equal(SpfStatus.Fail, result.Status);
        Assert.Equal("denied a\\r\\nX-Forged: yes via h\\r\\nX-Other: 1", result.Explanation);
    }

    [Fact]
    public async Task SpfReason_CrLfInDomain_Escaped()
    {
        var evaluator = new SpfEvaluator(new ZoneFileResolver());

        SpfResult result = await evaluator.CheckHostAsync(Client, "bad\r\nX-Forged: yes.example", "a@example.com");

        Assert.Equal(SpfStatus.None, result.Status);
        Assert.Contains("bad\\r\\nX-Forged", result.Reason, StringComparison.Ordinal);
        Assert.True(IsClean(result.Reason));
    }

    [Fact]
    public async Task DmarcReason_CrLfInFromDomain_Escaped()
    {
        var evaluator = new DmarcEvaluator(new ZoneFileResolver());

        DmarcResult result = await evaluator.EvaluateAsync("evil\r\nX-Forged: yes.example", DmarcSpfInput.None, []);

        Assert.True(IsClean(result.Reason), result.Reason);
    }

    [Fact]
    public void DkimReason_ControlCharacters_Escaped()
    {
        var result = new DkimResult(0, DkimProblem.MalformedKey, "key record at 'x\r\ny': bad");

        Assert.Equal("key record at 'x\\r\\ny': bad", result.Reason);
    }

    [Theory]
    [InlineData("a\r\nX-Forged: yes", "a  X-Forged: yes")]
    [InlineData("tab\there\u007f", "tab here ")]
    [InlineData("nel\u0085line", "nel line")] // C1 NEL: a line break to some readers
    [InlineData("\0", " ")]
    public void ControlsToSpaces_ControlCharacters_OneLineSameLength(string text, string expected)
    {
        Assert.Equal(expected, ReasonText.ControlsToSpaces(text));
    }

    [Fact]
    public void ControlsToSpaces_CleanText_SameInstance()
    {
        string text = "dkim key 2048-bit \u00e9t\u00e9";

        Assert.Same(text, ReasonText.ControlsToSpaces(text));
    }

    [Fact]
    public void DkimAuthMethodResult_NelInDomainAndReason_NoControlReachesTheHeader()
    {
        // Before the four Authentication-Results mappings shared one helper, the DKIM one looked only for C0 and DEL.
        var result = new DkimResult(0, DkimProblem.MalformedKey, "bad\u0085key") { Domain = "evil\u0085.example" };

        string field = MailAuth.AuthResults.AuthResultsFormatter.Format(new MailAuth.AuthResults.AuthResultsHeader("mx.example", [result.ToAuthMethodResult()]));

        Assert.DoesNotContain('\u0085', field);
        Assert.Contains("header.d=\"evil .example\"", field, StringComparison.Ordinal);
    }
}
