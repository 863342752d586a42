using System.Text.Json;
using MailAuth.Cli;
using Xunit;

namespace MailAuth.Tests.Cli;

public sealed class DmarcCommandTests : IDisposable
{
    private const string Zone = """
        $ORIGIN example.test.
        $TTL 300
        _dmarc      TXT "v=DMARC1; p=reject; sp=quarantine"
        mail        A   192.0.2.25
        """;

    private readonly CliHarness _cli = new();
    private readonly string _zone;

    public DmarcCommandTests()
    {
        _zone = _cli.WriteFile("example.test.zone", Zone);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Dmarc_AlignedSpf_PassExitZero()
    {
        var result = await CliHarness.RunAsync("dmarc", "example.test", "--spf", "pass:bounce.example.test", "--zone", _zone);
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("dmarc: pass", result.Out, StringComparison.Ordinal);
        Assert.Contains("spf: pass bounce.example.test — aligned (relaxed)", result.Out, StringComparison.Ordinal);
        Assert.Contains("dmarc=pass (p=reject sp=quarantine dis=none)", result.Out, StringComparison.Ordinal);
        Assert.Contains("header.from=example.test", result.Out, StringComparison.Ordinal);
        Assert.Contains("policy.dmarc=none", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dmarc_FromFieldValue_FailWithSubdomainPolicy()
    {
        var result = await CliHarness.RunAsync("dmarc", "Alice <alice@mail.example.test>", "--dkim", "pass:other.test:sel", "--zone", _zone, "--mode", "7489");
        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains("policy: quarantine from sp; disposition: quarantine", result.Out, StringComparison.Ordinal);
        Assert.Contains("dkim: pass other.test s=sel — not aligned", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dmarc_Json_HasFields()
    {
        var result = await CliHarness.RunAsync("dmarc", "example.test", "--dkim", "fail:example.test", "--zone", _zone, "--json");
        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal("fail", root.GetProperty("result").GetString());
        Assert.Equal("reject", root.GetProperty("disposition").GetString());
        Assert.Equal("example.test", root.GetProperty("policyDomain").GetString());
        Assert.Equal("p", root.GetProperty("policySource").GetString());
        Assert.False(root.GetProperty("alignments")[0].GetProperty("aligned").GetBoolean());
    }

    [Theory]
    [InlineData("--spf", "pass")]
    [InlineData("--dkim", ":example.test")]
    [InlineData("--mode", "1234")]
    public async Task Dmarc_BadOption_UsageError(string option, string value)
    {
        var result = await CliHarness.RunAsync("dmarc", "example.test", option, value, "--zone", _zone);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public async Task Dmarc_NoRecord_None()
    {
        var result = await CliHarness.RunAsync("dmarc", "nothing.invalid", "--zone", _zone);
        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains("dmarc: none", result.Out, StringComparison.Ordinal);
    }
}
