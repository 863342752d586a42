using System.Text;
using MailAuth.Cli;
using MailAuth.Cli.Commands;
using Xunit;

namespace MailAuth.Tests.Cli;

/// <summary>The overall word, exit code and text line that <c>dkim verify</c> and <c>dk verify</c> share.</summary>
public sealed class SignatureOutputTests
{
    [Theory]
    [InlineData("", "none", ExitCodes.Negative)]
    [InlineData("pass", "pass", ExitCodes.Ok)]
    [InlineData("pass,pass", "pass", ExitCodes.Ok)]
    [InlineData("pass,neutral", "neutral", ExitCodes.Negative)]
    [InlineData("neutral,policy", "policy", ExitCodes.Negative)]
    [InlineData("policy,permerror", "permerror", ExitCodes.Negative)]
    [InlineData("permerror,fail", "fail", ExitCodes.Negative)]
    [InlineData("fail,temperror,pass", "temperror", ExitCodes.Failure)]
    [InlineData("none", "none", ExitCodes.Negative)]
    public void OverallWordAndExitCode_Keywords_FollowPrecedence(string keywords, string overall, int exit)
    {
        string[] words = keywords.Length == 0 ? [] : keywords.Split(',');

        Assert.Equal(overall, SignatureOutput.OverallWord(words));
        Assert.Equal(exit, SignatureOutput.ExitCode(words));
    }

    [Fact]
    public void Line_AttackerTextInReasonAndValue_Escaped()
    {
        StringBuilder line = SignatureOutput.Line("dkim", "fail", "bad\r\nInjected: yes");
        SignatureOutput.Append(line, "header.d", "evil.example\u001b[31m");
        SignatureOutput.Append(line, "header.s", null);
        SignatureOutput.AppendKey(line, 2048, testing: true);

        string text = line.ToString();
        Assert.DoesNotContain('\r', text);
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain("header.s", text, StringComparison.Ordinal);
        Assert.StartsWith("dkim=fail (", text, StringComparison.Ordinal);
        Assert.EndsWith(" key=2048-bit testing", text, StringComparison.Ordinal);
    }
}
