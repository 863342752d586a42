using System.Text.Json;
using MailAuth.Cli;
using Xunit;

namespace MailAuth.Tests.Cli;

public sealed class DnsCommandTests : IDisposable
{
    private const string Zone = """
        $ORIGIN example.test.
        $TTL 300
        @     IN SOA ns hostmaster 1 3600 900 604800 60
        @     TXT "v=spf1 " "-all"
        @     MX 10 mail
        mail  A 192.0.2.25
              AAAA 2001:db8::25
        odd   TXT "quote \" and \\ and tab\009"
        """;

    private readonly CliHarness _cli = new();
    private readonly string _zone;

    public DnsCommandTests()
    {
        _zone = _cli.WriteFile("example.test.zone", Zone);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Dns_TxtFromZone_PrintsStatusTtlAndStrings()
    {
        var result = await CliHarness.RunAsync("dns", "TXT", "example.test", "--zone", _zone);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("example.test TXT: NOERROR, TTL 300 s, 1 record(s)", result.Out, StringComparison.Ordinal);
        Assert.Contains("example.test.\t300\tIN\tTXT\t\"v=spf1 \" \"-all\"", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Dns_GlobalOptionBeforeCommand_Accepted()
    {
        var result = await CliHarness.RunAsync("--zone", _zone, "dns", "mx", "example.test");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("MX\t10 mail.example.test.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_TxtWithSpecialCharacters_EscapedInText()
    {
        var result = await CliHarness.RunAsync("dns", "TXT", "odd.example.test", "--zone", _zone);

        Assert.Contains("\"quote \\\" and \\\\ and tab\\009\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_Json_WritesDocument()
    {
        var result = await CliHarness.RunAsync("dns", "TXT", "example.test", "--zone", _zone, "--json");

        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("NoError", root.GetProperty("status").GetString());
        Assert.Equal(300, root.GetProperty("ttl").GetInt32());
        var record = root.GetProperty("records")[0];
        Assert.Equal(["v=spf1 ", "-all"], record.GetProperty("strings").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("v=spf1 -all", record.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Dns_NxDomain_ExitsNegative()
    {
        var result = await CliHarness.RunAsync("dns", "A", "missing.example.test", "--zone", _zone);

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains("NXDOMAIN (no such name), negative TTL 60 s", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_NoData_ExitsNegativeWithJsonEmptyRecords()
    {
        var result = await CliHarness.RunAsync("dns", "AAAA", "example.test", "--zone", _zone, "--json");

        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Equal("NOERROR", doc.RootElement.GetProperty("rcode").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task Dns_Ptr_UsesReverseName()
    {
        string reverse = _cli.WriteFile("rev.zone", "$ORIGIN 2.0.192.in-addr.arpa.\n25 PTR mail.example.test.\n");

        var result = await CliHarness.RunAsync("dns", "PTR", "192.0.2.25", "--zone", reverse, "--zone", _zone);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("25.2.0.192.in-addr.arpa.\t3600\tIN\tPTR\tmail.example.test.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_AddressesFromZone_Printed()
    {
        var a = await CliHarness.RunAsync("dns", "A", "mail.example.test", "--zone", _zone);
        var aaaa = await CliHarness.RunAsync("dns", "AAAA", "mail.example.test", "--zone", _zone, "--json");

        Assert.Contains("IN\tA\t192.0.2.25", a.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(aaaa.Out);
        Assert.Equal("2001:db8::25", doc.RootElement.GetProperty("records")[0].GetString());
    }

    [Theory]
    [InlineData("dns")]
    [InlineData("dns", "TXT")]
    [InlineData("dns", "SRV", "example.test")]
    [InlineData("dns", "PTR", "not-an-ip")]
    [InlineData("dns", "TXT", "example.test", "--bogus")]
    [InlineData("nosuchcommand")]
    [InlineData("dns", "TXT", "example.test", "--dns-server", "not-an-address")]
    [InlineData("dns", "TXT", "example.test", "--dns-timeout", "-1")]
    public async Task Dns_UsageError_ExitsTwoWithMessage(params string[] args)
    {
        var result = await CliHarness.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("mailauth: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_ZoneAndServerTogether_IsUsageError()
    {
        var result = await CliHarness.RunAsync("dns", "TXT", "example.test", "--zone", _zone, "--dns-server", "127.0.0.1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task Dns_BadZoneFile_ExitsThreeWithLineNumber()
    {
        string bad = _cli.WriteFile("bad.zone", "$ORIGIN example.test.\n@ TXT ok\nmail A 999.1.1.1\n");

        var result = await CliHarness.RunAsync("dns", "TXT", "example.test", "--zone", bad);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("bad.zone(3)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_MissingZoneFile_ExitsThree()
    {
        var result = await CliHarness.RunAsync("dns", "TXT", "example.test", "--zone", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zone"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith("mailauth: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_ServerNotAnswering_ExitsThree()
    {
        using var silent = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        string server = silent.Client.LocalEndPoint!.ToString()!;

        var result = await CliHarness.RunAsync("dns", "TXT", "example.test", "--dns-server", server, "--dns-timeout", "0.3");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("TIMEOUT", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_General_ListsCommandsAndExitCodes(string arg)
    {
        var result = await CliHarness.RunAsync(arg);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("dns ", result.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Out, StringComparison.Ordinal);
        Assert.Contains("--zone <FILE>", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EveryCommand_ShowsUsageAndGlobalOptions()
    {
        foreach (ICommand command in Program.Commands)
        {
            var viaOption = await CliHarness.RunAsync(command.Name, "--help");
            var viaHelp = await CliHarness.RunAsync("help", command.Name);

            Assert.Equal(ExitCodes.Ok, viaOption.ExitCode);
            Assert.Contains($" {command.Name} ", viaOption.Out.Split("Usage:")[1], StringComparison.Ordinal);
            Assert.Contains(command.Summary, viaOption.Out, StringComparison.Ordinal);
            Assert.Contains("--zone <FILE>", viaOption.Out, StringComparison.Ordinal);
            Assert.Equal(viaOption.Out, viaHelp.Out);
        }
    }

    [Fact]
    public async Task NoArguments_PrintsHelpAndExitsTwo()
    {
        var result = await CliHarness.RunAsync();

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(" [command] [options]", result.Out, StringComparison.Ordinal);
        Assert.Contains("no command given", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsVersion()
    {
        var result = await CliHarness.RunAsync("--version");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("mailauth ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandNames_AreUnique()
    {
        var names = Program.Commands.Select(c => c.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain("help", names);
        var result = await CliHarness.RunAsync("--help");
        Assert.All(names, n => Assert.Contains("  " + n + " ", result.Out, StringComparison.Ordinal));
    }
}
