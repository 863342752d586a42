using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MailAuth.Cli;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Tests.Dkim;
using Xunit;

namespace MailAuth.Tests.Cli;

/// <summary>The System.CommandLine front end: help per command, --version, response files, completion, --json errors,
/// --now, --min-rsa-bits, escaped text output.</summary>
public sealed class CommandLineTests : IDisposable
{
    // Help names the program after the running executable: "mailauth" for the tool, the test host here.
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Help_DkimSubcommands_EachHasItsOwnText()
    {
        var verify = await CliHarness.RunAsync("dkim", "verify", "--help");
        var sign = await CliHarness.RunAsync("dkim", "sign", "--help");
        var keygen = await CliHarness.RunAsync("dkim", "keygen", "--help");

        Assert.All([verify, sign, keygen], r => Assert.Equal(ExitCodes.Ok, r.ExitCode));
        Assert.Contains(" dkim verify <FILE> [options]", verify.Out, StringComparison.Ordinal);
        Assert.Contains("--min-rsa-bits", verify.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("--selector", verify.Out, StringComparison.Ordinal);
        Assert.Contains(" dkim sign <FILE> [options]", sign.Out, StringComparison.Ordinal);
        Assert.Contains("--key <PEM>", sign.Out, StringComparison.Ordinal);
        Assert.Contains(" dkim keygen [options]", keygen.Out, StringComparison.Ordinal);
        Assert.Contains("--bits <N>", keygen.Out, StringComparison.Ordinal);
        Assert.NotEqual(verify.Out, sign.Out);
        Assert.NotEqual(sign.Out, keygen.Out);
    }

    [Theory]
    [InlineData("-?")]
    [InlineData("-h")]
    [InlineData("--help")]
    public async Task Help_Aliases_PrintCommandHelp(string alias)
    {
        var result = await CliHarness.RunAsync("spf", alias);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(" spf [options]", result.Out, StringComparison.Ordinal);
        Assert.Contains("--mail-from <ADDR>", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("help", "nosuch")]
    [InlineData("help", "dkim", "nosuch")]
    public async Task Help_UnknownCommand_IsUsageError(params string[] args)
    {
        var result = await CliHarness.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("unknown command 'nosuch'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseFile_ArgumentsReadFromFile()
    {
        string zone = _cli.WriteFile("rsp.zone", "$ORIGIN example.test.\n@ 300 TXT \"hello\"\n");
        string rsp = _cli.WriteFile("args.rsp", $"dns\nTXT\nexample.test\n--zone\n{zone}\n");

        var result = await CliHarness.RunAsync("@" + rsp);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("\"hello\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_SuggestDirective_ListsCommandsAndBashScriptUsesIt()
    {
        var suggest = await CliHarness.RunAsync("[suggest:10]", "mailauth d");
        var script = await CliHarness.RunAsync("completion", "bash");

        Assert.Contains("dkim", suggest.Out, StringComparison.Ordinal);
        Assert.Contains("dmarc", suggest.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, script.ExitCode);
        Assert.Contains("[suggest:", script.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExitCodes.Usage, "dns", "TXT", "example.test", "--bogus", "--json")]
    [InlineData(ExitCodes.Usage, "dkim", "--json")]
    [InlineData(ExitCodes.Usage, "check", "--ip", "192.0.2.1", "--json")]
    [InlineData(ExitCodes.Usage, "--json", "spf", "--ip", "not-an-ip", "--mail-from", "a@example.test")]
    [InlineData(ExitCodes.Failure, "dkim", "verify", "/nonexistent/mailauth-missing.eml", "--json")]
    [InlineData(ExitCodes.Failure, "check", "/nonexistent/mailauth-missing.eml", "--ip", "192.0.2.1", "--json")]
    public async Task Json_ErrorPaths_OnlyJsonWithErrorMemberAndExitCode(int exitCode, params string[] args)
    {
        var result = await CliHarness.RunAsync(args);

        Assert.Equal(exitCode, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("error").GetString()));
        Assert.Equal(exitCode, doc.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Json_UnreadableMessage_DkimVerifyGivesErrorObject()
    {
        string path = _cli.WriteFile("bad.eml", "this line has no colon\r\n\r\nbody\r\n");

        var dkim = await CliHarness.RunAsync("dkim", "verify", path, "--zone", DkimTestData.PathOf("dns-records.txt"), "--json");
        var check = await CliHarness.RunAsync("check", path, "--ip", "192.0.2.1", "--zone", DkimTestData.PathOf("dns-records.txt"), "--json");

        Assert.Equal(ExitCodes.Negative, dkim.ExitCode);
        using var doc = JsonDocument.Parse(dkim.Out);
        Assert.Equal("permerror", doc.RootElement.GetProperty("result").GetString());
        Assert.StartsWith("message not readable", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var checkDoc = JsonDocument.Parse(check.Out);
        Assert.StartsWith("message not readable", checkDoc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--authserv-id")]
    [InlineData("dmarc", "--authserv-id")]
    [InlineData("spf", "--receiver")]
    public async Task AuthServId_WithCrLf_IsUsageErrorAlsoInJson(string command, string option)
    {
        string[] args = command switch
        {
            "check" => ["check", DkimTestData.PathOf("rfc8463-example.msg"), "--ip", "192.0.2.1", "--zone", DkimTestData.PathOf("dns-records.txt")],
            "dmarc" => ["dmarc", "example.com", "--zone", DkimTestData.PathOf("dns-records.txt")],
            _ => ["spf", "--ip", "192.0.2.1", "--mail-from", "a@example.com", "--zone", DkimTestData.PathOf("dns-records.txt")],
        };

        var text = await CliHarness.RunAsync([.. args, option, "mx.example\r\nX-Forged: yes"]);
        var json = await CliHarness.RunAsync([.. args, option, "mx.example\r\nX-Forged: yes", "--json"]);

        Assert.Equal(ExitCodes.Usage, text.ExitCode);
        Assert.DoesNotContain("\n", text.Error.TrimEnd().Replace(Environment.NewLine + "Run ", " Run ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Contains("control character", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Now_ChangesExpirationVerdict()
    {
        string key = Path.Combine(Path.GetTempPath(), $"mailauth-now-{Guid.NewGuid():N}.pem");
        try
        {
            var keygen = await CliHarness.RunAsync("dkim", "keygen", "--algorithm", "ed25519", "--selector", "s1", "--domain", "example.test", "--output", key, "--json");
            using var generated = JsonDocument.Parse(keygen.Out);
            string zone = _cli.WriteFile("now.zone", generated.RootElement.GetProperty("zone").GetString() + "\n");
            string message = _cli.WriteFile("now.eml", "From: a@example.test\r\nTo: b@example.test\r\nSubject: hi\r\n\r\nbody\r\n");
            var sign = await CliHarness.RunAsync("dkim", "sign", message, "--domain", "example.test", "--selector", "s1", "--key", key, "--now", "2020-01-01T00:00:00Z", "--expiration", "3600", "--field-only");
            string signed = _cli.WriteFile("signed.eml", sign.Out + File.ReadAllText(message));

            var inTime = await CliHarness.RunAsync("dkim", "verify", signed, "--zone", zone, "--now", "2020-01-01T00:30:00Z");
            var late = await CliHarness.RunAsync("dkim", "verify", signed, "--zone", zone, "--now", "2020-01-01T03:00:00+01:00");
            var clock = await CliHarness.RunAsync("dkim", "verify", signed, "--zone", zone);
            var checkInTime = await CliHarness.RunAsync("check", signed, "--ip", "192.0.2.1", "--zone", zone, "--now", "2020-01-01T00:30:00Z");
            var checkByClock = await CliHarness.RunAsync("check", signed, "--ip", "192.0.2.1", "--zone", zone);

            Assert.Equal(ExitCodes.Ok, sign.ExitCode);
            Assert.Contains("t=1577836800", sign.Out, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Ok, inTime.ExitCode);
            Assert.StartsWith("dkim=pass", inTime.Out, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Negative, late.ExitCode);
            Assert.Equal(ExitCodes.Negative, clock.ExitCode);
            Assert.Contains("DKIM:        pass", checkInTime.Out, StringComparison.Ordinal);
            Assert.Contains("DKIM:        policy", checkByClock.Out, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(key);
        }
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2020-01-01")]
    [InlineData("2020-01-01T00:00:00")]
    public async Task Now_NotRfc3339_IsUsageError(string value)
    {
        var result = await CliHarness.RunAsync("dkim", "verify", DkimTestData.PathOf("rfc8463-example.msg"), "--now", value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("RFC 3339", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinRsaBits_DecidesWhetherThe1024BitKeyPasses()
    {
        string[] args = ["dkim", "verify", DkimTestData.PathOf("rfc8463-example.msg"), "--zone", DkimTestData.PathOf("dns-records.txt"), "--json"];

        var strict = await CliHarness.RunAsync([.. args, "--min-rsa-bits", "2048"]);
        var lenient = await CliHarness.RunAsync([.. args, "--min-rsa-bits", "512"]);
        var bad = await CliHarness.RunAsync([.. args, "--min-rsa-bits", "100"]);

        Assert.Equal(ExitCodes.Negative, strict.ExitCode);
        using var doc = JsonDocument.Parse(strict.Out);
        Assert.Equal("policy", doc.RootElement.GetProperty("result").GetString());
        Assert.Equal(ExitCodes.Ok, lenient.ExitCode);
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
    }

    [Fact]
    public async Task MinRsaBits_512_LetsATestSizeKeyPass()
    {
        // A 512-bit signature cannot come from DkimMessageSigner (RFC 8301 §3.2 forbids signing with it): build one by hand.
        using var rsa = System.Security.Cryptography.RSA.Create(512);
        const string Body = "body\r\n";
        string bh = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Body)));
        string tags = $"v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=small; h=from:subject; bh={bh}; b=";
        // RFC 6376 §3.4.2 relaxed header canonicalization; the signature field last, without its CRLF (§3.7).
        string signedData = "from:a@example.test\r\nsubject:hi\r\ndkim-signature:" + tags;
        byte[] signature = rsa.SignData(System.Text.Encoding.ASCII.GetBytes(signedData), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        string message = _cli.WriteFile("small.eml", $"DKIM-Signature: {tags}{Convert.ToBase64String(signature)}\r\nFrom: a@example.test\r\nSubject: hi\r\n\r\n{Body}");
        string zone = _cli.WriteFile("small.zone", $"small._domainkey.example.test. 300 TXT \"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}\"\n");

        var byDefault = await CliHarness.RunAsync("dkim", "verify", message, "--zone", zone);
        var allowed = await CliHarness.RunAsync("dkim", "verify", message, "--zone", zone, "--min-rsa-bits", "512");

        Assert.Equal(ExitCodes.Negative, byDefault.ExitCode);
        Assert.StartsWith("dkim=policy", byDefault.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, allowed.ExitCode);
        Assert.StartsWith("dkim=pass", allowed.Out, StringComparison.Ordinal);
        Assert.Contains("key=512-bit", allowed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DkimVerify_OnePassOneMissingKey_TopLevelIsRfc8601WordAndKeyBitsNull()
    {
        // The zone has only the ed25519 key: the rsa signature gets permerror (no key), the other passes.
        string zone = _cli.WriteFile("ed-only.zone", string.Join('\n', File.ReadAllLines(DkimTestData.PathOf("dns-records.txt")).Where(l => !l.Contains("k=rsa", StringComparison.Ordinal) && !l.StartsWith("test.", StringComparison.Ordinal))) + "\n");

        var result = await CliHarness.RunAsync("dkim", "verify", DkimTestData.PathOf("rfc8463-example.msg"), "--zone", zone, "--json");

        using var doc = JsonDocument.Parse(result.Out);
        var signatures = doc.RootElement.GetProperty("signatures");
        Assert.Equal("pass", signatures[0].GetProperty("result").GetString());
        Assert.Equal("permerror", signatures[1].GetProperty("result").GetString());
        Assert.Equal(JsonValueKind.Null, signatures[1].GetProperty("keyBits").ValueKind);
        Assert.Equal("permerror", doc.RootElement.GetProperty("result").GetString());
        Assert.Equal(ExitCodes.Negative, result.ExitCode);
    }

    [Fact]
    public async Task Text_CrLfInDnsRecord_EscapedNotPrintedAsNewLine()
    {
        string zone = _cli.WriteFile("crlf.zone", "$ORIGIN example.test.\n_dmarc 300 TXT \"v=DMARC1; p=reject; rua=mailto:a@example.test\\013\\010dmarc: pass (forged)\"\n");

        var result = await CliHarness.RunAsync("dmarc", "example.test", "--zone", zone);

        Assert.Contains("\\r\\ndmarc: pass (forged)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\ndmarc: pass (forged)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', result.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_CrLfInDnsRecord_EscapedByTheJsonWriter()
    {
        string zone = _cli.WriteFile("crlf-json.zone", "$ORIGIN example.test.\n_dmarc 300 TXT \"v=DMARC1; p=reject; rua=mailto:a@example.test\\013\\010\\027[2Jforged\"\n");

        var result = await CliHarness.RunAsync("dmarc", "example.test", "--zone", zone, "--json");

        Assert.DoesNotContain('\r', result.Out);
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.Contains("\\r\\n\\u001B[2Jforged", result.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.EndsWith("\r\n\u001b[2Jforged", doc.RootElement.GetProperty("record").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("esc\u001b[31m", "esc\\x1b[31m")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("c1\u0085", "c1\\x85")]
    [InlineData("sep\u2028", "sep\\u2028")]
    [InlineData("ünïcode ok", "ünïcode ok")]
    public void TerminalText_Value_EscapesControls(string input, string expected)
    {
        Assert.Equal(expected, TerminalText.Value(input));
    }

    [Fact]
    public void TerminalText_HeaderField_KeepsFoldingEscapesBareLineBreaks()
    {
        string header = "Authentication-Results: mx;\r\n\tdkim=pass\r\nX-Forged: yes\r\n";

        string shown = TerminalText.HeaderField(header);

        Assert.Equal("Authentication-Results: mx;" + Environment.NewLine + "\tdkim=pass\\r\\nX-Forged: yes", shown);
    }

    [Fact]
    public void DkimSignatureParseError_PositionAppearsOnce()
    {
        Assert.False(DkimSignature.TryParse("v=1; abc", out _, out DkimParseError error));

        string text = error.ToString();
        Assert.Equal(text.IndexOf("offset", StringComparison.Ordinal), text.LastIndexOf("offset", StringComparison.Ordinal));
        Assert.Contains("'=' expected after tag name at offset", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DnsClientResolver_Timeout_StableTextWithoutQueryIdOrPort()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var options = new DnsClientResolverOptions
        {
            Timeout = TimeSpan.FromMilliseconds(300),
            Retries = 0,
            Servers = [DnsClientResolverOptions.ParseServer(silent.Client.LocalEndPoint!.ToString()!)],
        };
        var resolver = new DnsClientResolver(options);

        var response = await resolver.QueryTxtAsync("sel._domainkey.example.test");

        Assert.Equal(DnsStatus.Timeout, response.Status);
        Assert.Equal("timeout querying TXT sel._domainkey.example.test", response.ErrorMessage);
    }
}
