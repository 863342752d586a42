using System.Text.Json;
using MailAuth.Cli;
using Xunit;

namespace MailAuth.Tests.Cli;

public sealed class SpfCommandTests : IDisposable
{
    private const string Zone = """
        $ORIGIN example.test.
        $TTL 300
        @     IN SOA ns hostmaster 1 3600 900 604800 60
        @     TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.example.test -all"
        _spf  TXT "v=spf1 a:mail.example.test"
        mail  A 198.51.100.7
        broken TXT "v=spf1 ip4:1.2.3.4/40"
        """;

    private readonly CliHarness _cli = new();
    private readonly string _zone;

    public SpfCommandTests()
    {
        _zone = _cli.WriteFile("example.test.zone", Zone);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Spf_Pass_PrintsResultLookupsAndHeaders()
    {
        var result = await CliHarness.RunAsync("spf", "--ip", "198.51.100.7", "--mail-from", "alice@example.test", "--helo", "mail.example.test", "--zone", _zone, "--receiver", "mx.example.org");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("spf: pass", result.Out, StringComparison.Ordinal);
        Assert.Contains("dns lookups: 2 (void 0)", result.Out, StringComparison.Ordinal);
        Assert.Contains("Received-SPF: pass (mx.example.org: domain of alice@example.test designates 198.51.100.7 as permitted sender)", result.Out, StringComparison.Ordinal);
        Assert.Contains("Authentication-Results: mx.example.org;", result.Out, StringComparison.Ordinal);
        Assert.Contains("spf=pass smtp.mailfrom=alice@example.test", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spf_FailJson_WritesDocument()
    {
        var result = await CliHarness.RunAsync("spf", "--ip", "203.0.113.1", "--mail-from", "bob@example.test", "--zone", _zone, "--json");

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(result.Out);
        Assert.Equal("fail", doc.RootElement.GetProperty("result").GetString());
        Assert.Equal("-all", doc.RootElement.GetProperty("mechanism").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("dnsLookups").GetInt32());
        Assert.StartsWith("Received-SPF: fail", doc.RootElement.GetProperty("receivedSpf").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spf_HeloOnlyAndPermError()
    {
        var helo = await CliHarness.RunAsync("spf", "--ip", "192.0.2.1", "--helo", "example.test", "--zone", _zone);
        var broken = await CliHarness.RunAsync("spf", "--ip", "192.0.2.1", "--mail-from", "x@broken.example.test", "--zone", _zone);

        Assert.Equal(ExitCodes.Ok, helo.ExitCode);
        Assert.Contains("identity: helo", helo.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Negative, broken.ExitCode);
        Assert.Contains("spf: permerror", broken.Out, StringComparison.Ordinal);
        Assert.Contains("invalid CIDR length", broken.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--mail-from", "a@example.test")]
    [InlineData("--ip", "not-an-ip")]
    [InlineData("--ip", "192.0.2.1")]
    [InlineData("--receiver", "bad\u0001host")]
    public async Task Spf_BadArguments_UsageError(string option, string value)
    {
        string[] ip = option == "--receiver" ? ["--ip", "192.0.2.1", "--helo", "example.test"] : [];
        var result = await CliHarness.RunAsync(["spf", option, value, "--zone", _zone, .. ip]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }
}
