using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailAuth.Cli;
using MailAuth.DomainKeys;
using MailAuth.Tests.DomainKeys;
using Xunit;

namespace MailAuth.Tests.Cli;

/// <summary><c>mailauth dk verify</c> and <c>mailauth adsp</c>.</summary>
public sealed class LegacyCommandTests : IDisposable
{
    private static readonly RSA Key = RSA.Create(1024);
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Zone(string extra = "")
    {
        string p = Convert.ToBase64String(Key.ExportSubjectPublicKeyInfo());
        string strings = string.Join(' ', ("k=rsa; p=" + p).Chunk(200).Select(c => "\"" + new string(c) + "\""));
        return _cli.WriteFile("zone", $"$ORIGIN football.example.com.\nbrisbane._domainkey IN TXT ( {strings} )\n@ IN MX 10 mx\n" + extra);
    }

    [Fact]
    public async Task DkVerify_SignedMessage_PassesWithJsonEntryPerSignature()
    {
        byte[] signed = DomainKeysTestSigner.Sign(DomainKeysVerifierTests.DraftMessage, Key, "football.example.com", "brisbane", DomainKeysCanonicalization.NoFws);
        string file = _cli.WriteFile("signed.eml", Encoding.ASCII.GetString(signed));

        var text = await CliHarness.RunAsync("dk", "verify", file, "--zone", Zone());
        var json = await CliHarness.RunAsync("dk", "verify", file, "--zone", Zone(), "--json");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("domainkeys=pass header.d=football.example.com header.s=brisbane header.from=joe@football.example.com status=\"good\" key=1024-bit", text.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal("pass", doc.RootElement.GetProperty("result").GetString());
        var entry = Assert.Single(doc.RootElement.GetProperty("signatures").EnumerateArray());
        Assert.Equal("pass", entry.GetProperty("result").GetString());
        Assert.Equal("nofws", entry.GetProperty("canonicalization").GetString());
    }

    [Fact]
    public async Task DkVerify_Unsigned_NoneExitNegative()
    {
        string file = _cli.WriteFile("unsigned.eml", Encoding.ASCII.GetString(DomainKeysVerifierTests.DraftMessage));

        var result = await CliHarness.RunAsync("dk", "verify", file, "--zone", Zone());

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains("domainkeys=none", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DkVerify_HostileValue_IsEscapedInOutput()
    {
        string file = _cli.WriteFile("hostile.eml", "DomainKey-Signature: a=rsa\u001b[2J; s=brisbane; d=football.example.com; c=simple; q=dns; b=AAAA\r\n" + Encoding.ASCII.GetString(DomainKeysVerifierTests.DraftMessage));

        var result = await CliHarness.RunAsync("dk", "verify", file, "--zone", Zone());

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains("domainkeys=neutral", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Out);
    }

    [Theory]
    [InlineData("_adsp._domainkey IN TXT \"dkim=discardable\"\n", "discard", "discardable", 0)]
    [InlineData("", "none", "none", 0)]
    public async Task Adsp_Domain_PrintsRfc5617Word(string record, string word, string practice, int exit)
    {
        string zone = Zone(record);

        var text = await CliHarness.RunAsync("adsp", "football.example.com", "--zone", zone);
        var json = await CliHarness.RunAsync("adsp", "football.example.com", "--zone", zone, "--json");

        Assert.Equal(exit, text.ExitCode);
        Assert.StartsWith($"dkim-adsp={word}", text.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(word, doc.RootElement.GetProperty("result").GetString());
        Assert.Equal(practice, doc.RootElement.GetProperty("practice").GetString());
    }

    [Fact]
    public async Task Adsp_MissingDomain_NxDomainExitNegative()
    {
        var result = await CliHarness.RunAsync("adsp", "nowhere.example.org", "--zone", Zone());

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.StartsWith("dkim-adsp=nxdomain", result.Out, StringComparison.Ordinal);
    }
}
