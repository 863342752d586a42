using MailAuth.Keys;
using System.Text.Json;
using MailAuth.Cli;
using MailAuth.Tests.Dkim;
using Xunit;

namespace MailAuth.Tests.Cli;

public sealed class DkimCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Verify_Rfc8463ExampleWithZone_BothPass()
    {
        var result = await CliHarness.RunAsync("dkim", "verify", DkimTestData.PathOf("rfc8463-example.msg"), "--zone", DkimTestData.PathOf("dns-records.txt"));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("dkim=pass header.d=football.example.com header.i=@football.example.com header.s=brisbane header.a=ed25519-sha256 header.b=/gCrinpc", result.Out, StringComparison.Ordinal);
        Assert.Contains("header.s=test header.a=rsa-sha256 header.b=F45dVWDf key=1024-bit", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Json_ListsSignatures()
    {
        var result = await CliHarness.RunAsync("dkim", "verify", DkimTestData.PathOf("rfc8463-example.msg"), "--zone", DkimTestData.PathOf("dns-records.txt"), "--json");

        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal("pass", doc.RootElement.GetProperty("result").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("signatures").GetArrayLength());
        Assert.Equal("brisbane", doc.RootElement.GetProperty("signatures")[0].GetProperty("selector").GetString());
    }

    [Fact]
    public async Task Verify_Unsigned_None_ExitNegative()
    {
        var result = await CliHarness.RunAsync("dkim", "verify", DkimTestData.PathOf("rfc8463-unsigned-input.msg"), "--zone", DkimTestData.PathOf("dns-records.txt"));

        Assert.Equal(ExitCodes.Negative, result.ExitCode);
        Assert.Contains("dkim=none", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnreadableMessage_PermErrorExitNegative()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mailauth-unreadable-{Guid.NewGuid():N}.eml");
        await File.WriteAllTextAsync(path, "this line has no colon\r\n\r\nbody\r\n");
        try
        {
            var result = await CliHarness.RunAsync("dkim", "verify", path, "--zone", DkimTestData.PathOf("dns-records.txt"));

            Assert.Equal(ExitCodes.Negative, result.ExitCode);
            Assert.Contains("dkim=permerror (message not readable", result.Out, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task KeygenSignVerify_Ed25519AndRsa_RoundTrip()
    {
        string edKey = Path.Combine(Path.GetDirectoryName(_cli.WriteFile("placeholder", string.Empty))!, "ed.pem");
        string rsaKey = Path.Combine(Path.GetDirectoryName(edKey)!, "rsa.pem");
        var ed = await CliHarness.RunAsync("dkim", "keygen", "--algorithm", "ed25519", "--selector", "ed", "--domain", "example.com", "--output", edKey);
        var rsa = await CliHarness.RunAsync("dkim", "keygen", "--algorithm", "rsa", "--bits", "1024", "--selector", "rsa", "--domain", "example.com", "--output", rsaKey);
        Assert.Equal(ExitCodes.Ok, ed.ExitCode);
        Assert.Equal(ExitCodes.Ok, rsa.ExitCode);
        Assert.Contains("ed._domainkey.example.com. IN TXT ( \"v=DKIM1; k=ed25519; p=", ed.Out, StringComparison.Ordinal);
        string zone = _cli.WriteFile("example.com.zone", string.Join("\n", new[] { ed.Out, rsa.Out }.SelectMany(o => o.Split('\n')).Where(l => l.Contains("IN TXT", StringComparison.Ordinal))) + "\n");
        string message = _cli.WriteFile("message.eml", DkimFixture.Message);
        string signedPath = Path.Combine(Path.GetDirectoryName(message)!, "signed.eml");

        var sign = await CliHarness.RunAsync("dkim", "sign", message, "--domain", "example.com", "--selector", "ed", "--key", edKey, "--selector", "rsa", "--key", rsaKey, "--output", signedPath);
        var verify = await CliHarness.RunAsync("dkim", "verify", signedPath, "--zone", zone);

        Assert.Equal(ExitCodes.Ok, sign.ExitCode);
        Assert.Equal(ExitCodes.Ok, verify.ExitCode);
        Assert.Equal(2, verify.Out.Split('\n').Count(l => l.StartsWith("dkim=pass", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sign_KeyDirWithActiveKey_SignsAndVerifies()
    {
        string message = _cli.WriteFile("message.eml", DkimFixture.Message);
        string dir = Path.Combine(Path.GetDirectoryName(message)!, "keys");
        Directory.CreateDirectory(Path.Combine(dir, "example.com"));
        var generated = DkimKeyGenerator.Generate(DkimKeyType.Ed25519);
        File.WriteAllText(Path.Combine(dir, "example.com", "ed.pem"), generated.PrivateKeyPem);
        string zone = _cli.WriteFile("example.com.zone", $"ed._domainkey.example.com. IN TXT \"{generated.DnsRecord}\"\n");
        string signedPath = Path.Combine(Path.GetDirectoryName(message)!, "signed-dir.eml");

        var sign = await CliHarness.RunAsync("dkim", "sign", message, "--domain", "example.com", "--key-dir", dir, "--output", signedPath);
        var verify = await CliHarness.RunAsync("dkim", "verify", signedPath, "--zone", zone);

        Assert.Equal(ExitCodes.Ok, sign.ExitCode);
        Assert.Equal(ExitCodes.Ok, verify.ExitCode);
    }

    [Fact]
    public async Task Sign_KeyDirWithoutKeyForTheDomain_NoKeyExitFailureAndNothingPrinted()
    {
        string message = _cli.WriteFile("message.eml", DkimFixture.Message);
        string dir = Path.Combine(Path.GetDirectoryName(message)!, "empty-keys");
        Directory.CreateDirectory(dir);

        var result = await CliHarness.RunAsync("dkim", "sign", message, "--domain", "example.com", "--key-dir", dir);
        var json = await CliHarness.RunAsync("dkim", "sign", message, "--domain", "example.com", "--selector", "s1", "--key-dir", dir, "--json");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("nokey", result.Error, StringComparison.Ordinal);
        Assert.Contains("example.com", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello Bob", result.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, json.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal("nokey", doc.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sign_FieldOnlyWithHeadersAndCanonicalization_PrintsField()
    {
        string message = _cli.WriteFile("message.eml", DkimFixture.Message);

        var result = await CliHarness.RunAsync("dkim", "sign", message, "--domain", "football.example.com", "--selector", "test", "--key", DkimTestData.PathOf("rsa-1024-private.pem"),
            "--headers", "from:to:subject", "--canonicalization", "simple/relaxed", "--field-only", "--algorithm", "rsa-sha256");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("DKIM-Signature: v=1; a=rsa-sha256; c=simple/relaxed; d=football.example.com; s=test;", result.Out.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("h=from:to:subject;", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello Bob", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dkim")]
    [InlineData("dkim", "frobnicate")]
    [InlineData("dkim", "sign", "x.eml", "--selector", "s", "--key", "k.pem")]
    [InlineData("dkim", "keygen", "--algorithm", "dsa")]
    [InlineData("dkim", "keygen", "--bits", "100")]
    [InlineData("dkim", "keygen", "--selector", "s")]
    public async Task BadArguments_UsageExit(params string[] args)
    {
        var result = await CliHarness.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("mailauth:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_KeyAlgorithmMismatch_UsageExit()
    {
        string message = _cli.WriteFile("message.eml", DkimFixture.Message);

        var result = await CliHarness.RunAsync("dkim", "sign", message, "--domain", "example.com", "--selector", "s", "--key", DkimTestData.PathOf("rsa-1024-private.pem"), "--algorithm", "ed25519-sha256");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task Keygen_Json_HasRecordAndPem()
    {
        var result = await CliHarness.RunAsync("dkim", "keygen", "--algorithm", "ed25519", "--json");

        using var doc = JsonDocument.Parse(result.Out);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", doc.RootElement.GetProperty("privateKeyPem").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("v=DKIM1; k=ed25519; p=", doc.RootElement.GetProperty("dnsRecord").GetString(), StringComparison.Ordinal);
    }
}
