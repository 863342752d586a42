using System.Text.Json;
using MailAuth.Cli;
using MailAuth.Tests.Facade;
using Xunit;

namespace MailAuth.Tests.Cli;

public sealed class SrsAndPolicyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mailauth-policy-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1].Trim();

    [Fact]
    public async Task SrsForwardThenReverse_SameSecret_RoundTrips()
    {
        var forward = await CliHarness.RunAsync("srs", "forward", "alice@example.com", "--alias", "fwd.example", "--secret", "s3cret");
        Assert.Equal(ExitCodes.Ok, forward.ExitCode);
        string address = LastLine(forward.Out);
        Assert.StartsWith("SRS0=", address, StringComparison.Ordinal);
        var reverse = await CliHarness.RunAsync("srs", "reverse", address, "--secret", "new", "--secret", "s3cret");
        Assert.Equal(ExitCodes.Ok, reverse.ExitCode);
        Assert.Equal("alice@example.com", LastLine(reverse.Out));
    }

    [Fact]
    public async Task SrsReverse_ForgedHash_ExitCode1WithReason()
    {
        var result = await CliHarness.RunAsync("srs", "reverse", "SRS0=AAAA=JV=example.com=alice@fwd.example", "--secret", "s3cret", "--json");
        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.False(json.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal("BadHash", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task SrsReverse_ControlCharactersInAddress_AreEscapedInOutput()
    {
        var result = await CliHarness.RunAsync("srs", "reverse", "SRS0=AAAA=JV=x\u001b[2J=alice@fwd.example", "--secret", "s3cret");
        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Out);
    }

    [Fact]
    public async Task SrsForward_NoSecret_IsUsageError()
        => Assert.Equal(ExitCodes.Usage, (await CliHarness.RunAsync("srs", "forward", "a@example.com", "--alias", "fwd.example")).ExitCode);

    [Fact]
    public async Task SrsReverse_MaxAge_IsApplied()
    {
        var forward = await CliHarness.RunAsync("srs", "forward", "alice@example.com", "--alias", "fwd.example", "--secret", "s", "--now", "2026-01-01T00:00:00Z");
        string address = LastLine(forward.Out);
        var old = await CliHarness.RunAsync("srs", "reverse", address, "--secret", "s", "--max-age", "3", "--now", "2026-01-10T00:00:00Z");
        Assert.Equal(ExitCodes.Negative, old.ExitCode);
        Assert.Contains("Expired", old.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPolicy_ForgedSampleWithMarkPolicy_PrintsDecision()
    {
        string policy = Path.Combine(_dir, "policy.json");
        await File.WriteAllTextAsync(policy, """{ "Domains": { "customer.example": { "Action": "Mark", "SubjectTag": "[SPOOFED]" } } }""");
        var result = await CliHarness.RunAsync(
            "check", SampleFiles.PathOf("forged.eml"), "--ip", "203.0.113.66", "--mail-from", "alice@example.com", "--zone", SampleFiles.PathOf("example.zone"),
            "--policy", policy, "--recipient", "bob@customer.example", "--json");
        using var json = JsonDocument.Parse(result.Out);
        JsonElement decision = json.RootElement.GetProperty("policy");
        Assert.Equal("mark", decision.GetProperty("action").GetString());
        Assert.Equal("local_policy", decision.GetProperty("override").GetString());
        Assert.Equal("[SPOOFED]", decision.GetProperty("subjectTag").GetString());
    }

    [Fact]
    public async Task CheckPolicy_InvalidPolicyFile_UsageErrorNamesDomainAndKey()
    {
        string policy = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(policy, """{ "Domains": { "customer.example": { "AllowedIpRanges": ["nope"] } } }""");
        var result = await CliHarness.RunAsync(
            "check", SampleFiles.PathOf("forged.eml"), "--ip", "203.0.113.66", "--zone", SampleFiles.PathOf("example.zone"), "--policy", policy, "--recipient", "customer.example");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("customer.example:AllowedIpRanges[0]", result.Error, StringComparison.Ordinal);
    }
}
