using System.Text.Json;
using MailAuth.Cli;
using Xunit;

namespace MailAuth.Tests.Cli;

/// <summary><c>mailauth arc seal</c> and <c>mailauth arc verify</c>, offline with --zone.</summary>
public sealed class ArcCommandTests : IDisposable
{
    private const string Message =
        "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=alice@example.com\r\n" +
        "From: Alice <alice@example.com>\r\nTo: list@example.org\r\nSubject: hi\r\nDate: Mon, 30 Nov 2026 12:00:00 +0000\r\n\r\nHello.\r\n";

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task SealThenVerify_TwoHops_PassesWithHopsListed()
    {
        var (keyDir, zone) = await KeysAsync();
        string input = _cli.WriteFile("in.eml", Message);

        var first = await CliHarness.RunAsync("arc", "seal", input, "--key-dir", keyDir, "--domain", "example.org", "--selector", "arc", "--authserv-id", "mx.example.org", "--zone", zone, "--now", "2026-11-30T12:00:00Z");
        string once = _cli.WriteFile("once.eml", first.Out);
        var second = await CliHarness.RunAsync("arc", "seal", once, "--key-dir", keyDir, "--domain", "example.org", "--selector", "arc", "--authserv-id", "mx.example.org", "--zone", zone, "--now", "2026-11-30T12:00:00Z");
        string twice = _cli.WriteFile("twice.eml", second.Out);
        var verify = await CliHarness.RunAsync("arc", "verify", twice, "--zone", zone, "--now", "2026-11-30T12:00:00Z");
        var json = await CliHarness.RunAsync("arc", "verify", twice, "--zone", zone, "--now", "2026-11-30T12:00:00Z", "--json");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal(ExitCodes.Ok, verify.ExitCode);
        Assert.StartsWith("arc=pass header.oldest-pass=0", verify.Out, StringComparison.Ordinal);
        Assert.Contains("  i=2 d=example.org s=arc cv=pass", verify.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal("pass", doc.RootElement.GetProperty("result").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("hops").GetArrayLength());
    }

    [Fact]
    public async Task Verify_TamperedWithControlCharacters_EscapesOutput()
    {
        var (keyDir, zone) = await KeysAsync();
        string input = _cli.WriteFile("in.eml", Message);
        var sealedOnce = await CliHarness.RunAsync("arc", "seal", input, "--key-dir", keyDir, "--domain", "example.org", "--selector", "arc", "--authserv-id", "mx.example.org", "--zone", zone);
        string tampered = _cli.WriteFile("bad.eml", sealedOnce.Out.Replace("s=arc;", "s=ar\u001b[31mc;", StringComparison.Ordinal));

        var verify = await CliHarness.RunAsync("arc", "verify", tampered, "--zone", zone);

        Assert.Equal(ExitCodes.Negative, verify.ExitCode);
        Assert.StartsWith("arc=fail", verify.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', verify.Out);
    }

    [Fact]
    public async Task Seal_ChainAlreadyFailed_AddsNothingAndExitsNegative()
    {
        var (keyDir, zone) = await KeysAsync();
        string input = _cli.WriteFile("in.eml", Message);
        var once = await CliHarness.RunAsync("arc", "seal", input, "--key-dir", keyDir, "--domain", "example.org", "--selector", "arc", "--authserv-id", "mx.example.org", "--zone", zone);
        string failed = _cli.WriteFile("failed.eml", once.Out.Replace("cv=none", "cv=fail", StringComparison.Ordinal));

        var again = await CliHarness.RunAsync("arc", "seal", failed, "--key-dir", keyDir, "--domain", "example.org", "--selector", "arc", "--authserv-id", "mx.example.org", "--zone", zone, "--json");

        Assert.Equal(ExitCodes.Negative, again.ExitCode);
        using var doc = JsonDocument.Parse(again.Out);
        Assert.Equal("ChainAlreadyFailed", doc.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("fields").GetArrayLength());
    }

    [Fact]
    public async Task Seal_WithoutKey_IsUsageError()
    {
        string input = _cli.WriteFile("in.eml", Message);

        var result = await CliHarness.RunAsync("arc", "seal", input, "--domain", "example.org", "--selector", "arc", "--authserv-id", "mx");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    private async Task<(string KeyDir, string Zone)> KeysAsync()
    {
        string placeholder = _cli.WriteFile("placeholder", string.Empty);
        string keyDir = Path.Combine(Path.GetDirectoryName(placeholder)!, "keys");
        Directory.CreateDirectory(Path.Combine(keyDir, "example.org"));
        var keygen = await CliHarness.RunAsync("dkim", "keygen", "--algorithm", "ed25519", "--selector", "arc", "--domain", "example.org", "--output", Path.Combine(keyDir, "example.org", "arc.pem"));
        Assert.Equal(ExitCodes.Ok, keygen.ExitCode);
        string zone = _cli.WriteFile("keys.zone", string.Join("\n", keygen.Out.Split('\n').Where(l => l.Contains("IN TXT", StringComparison.Ordinal))) + "\n");
        return (keyDir, zone);
    }
}
