using System.Text.Json;
using MailAuth.Cli;
using MailAuth.Tests.Audit;
using Xunit;

namespace MailAuth.Tests.Cli;

public sealed class AuditCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Zone(string records) => _cli.WriteFile("example.test.zone",
        AuditZones.Keys("$ORIGIN example.test.\n$TTL 3600\n@ SOA ns hostmaster 1 3600 900 604800 300\n" + records + "\n"));

    private const string Green = """
        @ TXT "v=spf1 ip4:192.0.2.0/24 -all"
        _dmarc TXT "v=DMARC1; p=reject; np=reject; rua=mailto:dmarc@example.test"
        s1._domainkey TXT {RSA2048}
        s2._domainkey TXT {ED25519}
        """;

    [Fact]
    public async Task Audit_GreenDomain_ExitZeroAndSignal()
    {
        var result = await CliHarness.RunAsync("audit", "example.test", "--ip", "192.0.2.10", "--selector", "s1", "--dkim-selector", "s2", "--zone", Zone(Green));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("signal: green", result.Out, StringComparison.Ordinal);
        Assert.Contains("info    DMARC_PROFILE_PASSES", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_MonitoringOnly_ExitWarning()
    {
        string zone = Zone(Green.Replace("p=reject; np=reject", "p=none", StringComparison.Ordinal));
        var result = await CliHarness.RunAsync("audit", "example.test", "--ip", "192.0.2.10", "--selector", "s1", "--selector", "s2", "--zone", zone);

        Assert.Equal(ExitCodes.Warning, result.ExitCode);
        Assert.Contains("warning DMARC_MONITORING", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_ProfileFailsJson_ExitNegativeWithCodes()
    {
        var result = await CliHarness.RunAsync("audit", "example.test", "--ip", "203.0.113.5", "--envelope-from", "bounce@example.test", "--selector", "s9", "--zone", Zone(Green), "--json");

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(result.Out);
        Assert.Equal("red", doc.RootElement.GetProperty("signal").GetString());
        string[] codes = [.. doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!)];
        Assert.Contains("DMARC_PROFILE_FAILS", codes);
        Assert.Contains("SPF_PROFILE_IP_FAILS", codes);
        Assert.Contains("DKIM_KEY_MISSING", codes);
        Assert.Equal(1, doc.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Audit_RotationPlan_PrintsStepsFromNow()
    {
        var result = await CliHarness.RunAsync("audit", "example.test", "--selector", "s1", "--next-selector", "s3", "--now", "2026-01-01T00:00:00Z", "--zone", Zone(Green));

        Assert.Contains("rotation 1: publish the new public key at s3._domainkey.example.test", result.Out, StringComparison.Ordinal);
        Assert.Contains("rotation 4:", result.Out, StringComparison.Ordinal);
        Assert.Contains("not before 2026-01-01T", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_ControlCharactersInRecords_NeverReachTheTerminal()
    {
        // CR, LF and an ANSI escape (ESC [ 2 J clears the screen) in the SPF and DMARC records.
        string zone = Zone(Green
            .Replace("\"v=spf1 ip4:192.0.2.0/24 -all\"", "\"v=spf1 ip4:192.0.2.0/24 include:\\013\\010X-Evil:\\0271[2J.example.test -all\"", StringComparison.Ordinal)
            .Replace("p=reject; np=reject;", "p=reject; np=reject; adkim=\\013\\010forged\\027[31m;", StringComparison.Ordinal));
        var text = await CliHarness.RunAsync("audit", "example.test", "--ip", "192.0.2.10", "--zone", zone);
        var json = await CliHarness.RunAsync("audit", "example.test", "--ip", "192.0.2.10", "--zone", zone, "--json");

        foreach (string output in new[] { text.Out, json.Out })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\r', output);
            Assert.DoesNotContain("\nX-Evil", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\nforged", output, StringComparison.Ordinal);
        }

        Assert.True(text.Out.Contains("SPF_SYNTAX", StringComparison.Ordinal) || text.Out.Contains("SPF_INCLUDE_BROKEN", StringComparison.Ordinal), text.Out);
        using JsonDocument doc = JsonDocument.Parse(json.Out);
        Assert.Equal(ExitCodes.Negative, json.ExitCode);
    }

    [Fact]
    public async Task Audit_BadIp_UsageError()
    {
        var result = await CliHarness.RunAsync("audit", "example.test", "--ip", "nonsense", "--zone", Zone(Green));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--ip", result.Error, StringComparison.Ordinal);
    }
}
