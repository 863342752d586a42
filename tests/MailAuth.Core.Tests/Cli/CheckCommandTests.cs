using System.Text.Json;
using MailAuth.Cli;
using MailAuth.Tests.Facade;
using Xunit;

namespace MailAuth.Tests.Cli;

public sealed class CheckCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Sample(string name) => SampleFiles.PathOf(name);

    [Fact]
    public async Task Check_SampleMessage_PassesWithExitCode0()
    {
        var result = await CliHarness.RunAsync(
            "check", Sample("message.eml"), "--ip", "192.0.2.25", "--helo", "mail.example.com", "--mail-from", "alice@example.com", "--zone", Sample("example.zone"));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("SPF:         pass smtp.mailfrom=alice@example.com", result.Out, StringComparison.Ordinal);
        Assert.Contains("SPF (HELO):  pass smtp.helo=mail.example.com", result.Out, StringComparison.Ordinal);
        Assert.Contains("DKIM:        pass d=example.com s=sample a=rsa-sha256 (2048-bit key)", result.Out, StringComparison.Ordinal);
        Assert.Contains("DMARC:       pass header.from=example.com policy=reject", result.Out, StringComparison.Ordinal);
        Assert.Contains("Disposition: none", result.Out, StringComparison.Ordinal);
        Assert.Contains("Authentication-Results: localhost;", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Check_ForgedSample_RejectsWithExitCode1()
    {
        var result = await CliHarness.RunAsync(
            "check", Sample("forged.eml"), "--ip", "203.0.113.66", "--helo", "mail.example.com", "--mail-from", "alice@example.com", "--zone", Sample("example.zone"));

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains("SPF:         fail", result.Out, StringComparison.Ordinal);
        Assert.Contains("DKIM:        fail", result.Out, StringComparison.Ordinal);
        Assert.Contains("DMARC:       fail", result.Out, StringComparison.Ordinal);
        Assert.Contains("Disposition: reject", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Json_WritesEveryResultAndTheHeader()
    {
        var result = await CliHarness.RunAsync(
            "check", Sample("message.eml"), "--ip", "192.0.2.25", "--helo", "mail.example.com", "--mail-from", "alice@example.com",
            "--zone", Sample("example.zone"), "--authserv-id", "mx.example.net", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        JsonElement root = json.RootElement;
        Assert.Equal("pass", root.GetProperty("spf").GetProperty("result").GetString());
        Assert.Equal("pass", root.GetProperty("spfHelo").GetProperty("result").GetString());
        Assert.Equal("pass", root.GetProperty("dkim")[0].GetProperty("result").GetString());
        Assert.Equal("pass", root.GetProperty("dmarc").GetProperty("result").GetString());
        Assert.Equal("none", root.GetProperty("disposition").GetString());
        Assert.StartsWith("Authentication-Results: mx.example.net;", root.GetProperty("authenticationResults").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NullReversePath_ChecksHelo()
    {
        var result = await CliHarness.RunAsync(
            "check", Sample("message.eml"), "--ip", "192.0.2.25", "--helo", "mail.example.com", "--mail-from", "<>", "--zone", Sample("example.zone"));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("SPF:         pass smtp.helo=mail.example.com", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("SPF (HELO)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DomainWithoutDmarcRecord_DmarcNoneExitCode0()
    {
        string zone = _cli.WriteFile("nodmarc.zone", File.ReadAllText(Sample("example.zone")).Replace("_dmarc ", "_dmarc-gone ", StringComparison.Ordinal));
        string message = _cli.WriteFile("m.eml", File.ReadAllText(Sample("message.eml")));

        var result = await CliHarness.RunAsync("check", message, "--ip", "192.0.2.25", "--mail-from", "alice@example.com", "--zone", zone);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("DMARC:       none", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MalformedMessage_ReportsReadErrorWithExitCode1()
    {
        string message = _cli.WriteFile("bad.eml", "From: alice@example.com\r\nno colon here\r\n\r\nbody\r\n");

        var result = await CliHarness.RunAsync("check", message, "--ip", "192.0.2.25", "--mail-from", "alice@example.com", "--zone", Sample("example.zone"));

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains("Read error:  MissingColon", result.Out, StringComparison.Ordinal);
        Assert.Contains("DMARC:       permerror", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--helo", "x")]
    [InlineData("--ip", "not-an-ip")]
    [InlineData("--ip", "1")]
    public async Task Check_BadIpOrMissingIp_IsAUsageError(string option, string value)
    {
        var result = await CliHarness.RunAsync("check", Sample("message.eml"), option, value, "--zone", Sample("example.zone"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--ip", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingFile_ExitCode3()
    {
        var result = await CliHarness.RunAsync("check", Path.Combine(Path.GetTempPath(), "no-such-message.eml"), "--ip", "192.0.2.25", "--zone", Sample("example.zone"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("no-such-message.eml", result.Error, StringComparison.Ordinal);
    }
}
