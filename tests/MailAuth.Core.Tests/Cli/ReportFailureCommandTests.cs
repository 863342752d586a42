using MailAuth.Cli;
using Xunit;

namespace MailAuth.Tests.Cli;

/// <summary><c>mailauth report failure</c> and the ARF branch of <c>report read</c>.</summary>
public sealed class ReportFailureCommandTests
{
    private const string Message =
        "From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: Invoice\r\nMessage-ID: <1@example.com>\r\n\r\nPay now.\r\n";

    private static string Zone(string dmarc) => $"""
        example.com. TXT "v=spf1 ip4:192.0.2.25 -all"
        _dmarc.example.com. TXT "{dmarc}"
        """;

    [Fact]
    public async Task ReportFailure_FailingMessageWithRuf_WritesReportThatReadParses()
    {
        using var harness = new CliHarness();
        string zone = harness.WriteFile("example.zone", Zone("v=DMARC1; p=reject; ruf=mailto:ruf@example.com"));
        string message = harness.WriteFile("forged.eml", Message);
        string output = Path.GetDirectoryName(message)!;

        var result = await CliHarness.RunAsync("report", "failure", message, "--ip", "203.0.113.9", "--mail-from", "alice@example.com", "--zone", zone, "--out", output, "--headers-only", "--redact");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("Report:      ", result.Out, StringComparison.Ordinal);
        string report = Path.Combine(output, "failure-example.com-1.eml");
        string text = File.ReadAllText(report);
        Assert.Contains("Auth-Failure: dmarc", text, StringComparison.Ordinal);
        Assert.Contains("Original-Mail-From: <redacted@example.com>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Pay now.", text, StringComparison.Ordinal);

        var read = await CliHarness.RunAsync("report", "read", report);

        Assert.Equal(ExitCodes.Ok, read.ExitCode);
        Assert.Contains("failure report (ARF)", read.Out, StringComparison.Ordinal);
        Assert.Contains("auth-failure=dmarc", read.Out, StringComparison.Ordinal);
        Assert.Contains("identity alignment failed for: spf", read.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v=DMARC1; p=reject; rua=mailto:agg@example.com", "the record has no ruf")]
    [InlineData("v=DMARC1; p=reject; ruf=mailto:ruf@elsewhere.example", "NotAuthorized")]
    [InlineData("v=DMARC1; p=reject; ruf=mailto:ruf@example.com!100", "TooLarge")]
    public async Task ReportFailure_NoReportDue_SaysWhyExit1(string dmarc, string why)
    {
        using var harness = new CliHarness();
        string zone = harness.WriteFile("example.zone", Zone(dmarc));
        string message = harness.WriteFile("forged.eml", Message);
        string output = Path.Combine(Path.GetDirectoryName(message)!, "report.eml");

        var result = await CliHarness.RunAsync("report", "failure", message, "--ip", "203.0.113.9", "--mail-from", "alice@example.com", "--zone", zone, "--out", output);

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains(why, result.Out, StringComparison.Ordinal);
        Assert.Contains("Report:      none", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task ReportFailure_InjectedReporter_UsageError()
    {
        using var harness = new CliHarness();
        string zone = harness.WriteFile("example.zone", Zone("v=DMARC1; p=reject; ruf=mailto:ruf@example.com"));
        string message = harness.WriteFile("forged.eml", Message);

        var result = await CliHarness.RunAsync("report", "failure", message, "--ip", "203.0.113.9", "--zone", zone, "--out", message + ".out", "--reporter", "a@example.net\r\nBcc: x@example.org");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }
}
