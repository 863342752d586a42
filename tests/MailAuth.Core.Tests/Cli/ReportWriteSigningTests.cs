using System.Text;
using System.Text.Json;
using MailAuth.Cli;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Reports;
using MailAuth.Reports.Sqlite;
using MailAuth.Tests.Dkim;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Cli;

/// <summary><c>mailauth report write --key-dir</c>: report mail DKIM-signed for its From domain (RFC 9990 §3.5.2).</summary>
public sealed class ReportWriteSigningTests : IDisposable
{
    private const string Now = "2026-12-02T00:10:00Z";
    private const string Reporter = "dmarc-reports@mx.example.net";
    private static readonly DkimGeneratedKey Key = DkimKeyGenerator.Generate(DkimKeyType.Ed25519);
    private readonly CliHarness _cli = new();
    private readonly string _db;
    private readonly string _zone;
    private readonly string _out;

    public ReportWriteSigningTests()
    {
        _db = _cli.WriteFile("reports.db", string.Empty);
        _zone = _cli.WriteFile("zone", $"""
            _dmarc.example.com. 300 IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
            _dmarc.mx.example.net. 300 IN TXT "v=DMARC1; p=reject"
            ed._domainkey.mx.example.net. 300 IN TXT "{Key.DnsRecord}"
            """ + "\n");
        _out = Path.Combine(Path.GetDirectoryName(_db)!, "out");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task ReportWrite_KeyDirWithKeyForFromDomain_EmlVerifiesAndPassesDmarc()
    {
        string keys = KeyDir(withKey: true);

        var write = await WriteAsync("--key-dir", keys);

        Assert.Equal(ExitCodes.Ok, write.ExitCode);
        Assert.Contains("dkim-signed d=mx.example.net s=ed", write.Out, StringComparison.Ordinal);
        string eml = Assert.Single(Directory.GetFiles(_out));
        string text = Encoding.ASCII.GetString(File.ReadAllBytes(eml));
        Assert.StartsWith("DKIM-Signature: ", text, StringComparison.Ordinal);
        DkimResult verified = Assert.Single(await VerifyAsync(text));
        Assert.Equal(DkimStatus.Pass, verified.Status);
        Assert.Equal("mx.example.net", verified.Domain);
        var check = await CliHarness.RunAsync("check", eml, "--ip", "192.0.2.1", "--mail-from", Reporter, "--zone", _zone, "--now", Now);
        Assert.Contains("DMARC:       pass header.from=mx.example.net", check.Out, StringComparison.Ordinal);
        var read = await CliHarness.RunAsync("report", "read", eml);
        Assert.Contains("summary: 7 messages", read.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportWrite_SignedEmlTampered_DkimAndDmarcFail()
    {
        await WriteAsync("--key-dir", KeyDir(withKey: true));
        string eml = Assert.Single(Directory.GetFiles(_out));
        string tampered = File.ReadAllText(eml).Replace("Report Domain: example.com", "Report Domain: example.org", StringComparison.Ordinal);
        string copy = _cli.WriteFile("tampered.eml", tampered);

        DkimResult verified = Assert.Single(await VerifyAsync(tampered));
        var check = await CliHarness.RunAsync("check", copy, "--ip", "192.0.2.1", "--mail-from", Reporter, "--zone", _zone, "--now", Now);

        Assert.Equal(DkimStatus.Fail, verified.Status);
        Assert.Contains("DMARC:       fail", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportWrite_SelectorGiven_SignsWithThatKeyOnly()
    {
        string keys = KeyDir(withKey: true);
        File.WriteAllText(Path.Combine(keys, "mx.example.net", "other.pem"), DkimKeyGenerator.Generate(DkimKeyType.Ed25519).PrivateKeyPem);

        var write = await WriteAsync("--key-dir", keys, "--selector", "ed", "--json");

        Assert.Equal(ExitCodes.Ok, write.ExitCode);
        using JsonDocument json = JsonDocument.Parse(write.Out);
        JsonElement dkim = json.RootElement.GetProperty("reports")[0].GetProperty("dkim");
        Assert.Equal("Signed", dkim.GetProperty("status").GetString());
        Assert.Equal(["ed"], dkim.GetProperty("selectors").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(DkimStatus.Pass, Assert.Single(await VerifyAsync(File.ReadAllText(Assert.Single(Directory.GetFiles(_out))))).Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReportWrite_KeyDirWithoutKeyForFromDomain_NoKeyPerReportExit3NothingWritten(bool selector)
    {
        string keys = KeyDir(withKey: false);

        var write = selector ? await WriteAsync("--key-dir", keys, "--selector", "ed") : await WriteAsync("--key-dir", keys);
        var json = await WriteAsync("--key-dir", keys, "--json");

        Assert.Equal(ExitCodes.Failure, write.ExitCode);
        Assert.Contains("not written: NoKey: ", write.Out, StringComparison.Ordinal);
        Assert.Contains("mx.example.net", write.Out, StringComparison.Ordinal);
        Assert.Contains("0 of 1 reports written", write.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_out) && Directory.GetFiles(_out).Length > 0);
        Assert.Equal(ExitCodes.Failure, json.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(json.Out);
        Assert.Equal("NoKey", doc.RootElement.GetProperty("reports")[0].GetProperty("dkim").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReportWrite_KeyForAnotherDomainOnly_NoKeyNotSignedForIt()
    {
        // The signing domain is the From domain, never a domain that happens to have a key (RFC 7489 §3.1.1 alignment).
        string keys = KeyDir(withKey: false);
        Directory.CreateDirectory(Path.Combine(keys, "example.com"));
        File.WriteAllText(Path.Combine(keys, "example.com", "ed.pem"), Key.PrivateKeyPem);

        var write = await WriteAsync("--key-dir", keys);

        Assert.Equal(ExitCodes.Failure, write.ExitCode);
        Assert.Contains("NoKey", write.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--key-dir", "/nonexistent/keys")]
    [InlineData("--selector", "ed")]
    public async Task ReportWrite_BadKeyDirOrSelectorAlone_UsageErrorNoTrace(string option, string value)
    {
        var write = await WriteAsync(option, value);

        Assert.Equal(ExitCodes.Usage, write.ExitCode);
        Assert.Contains(option, write.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", write.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_out));
    }

    [Theory]
    [InlineData("../mx.example.net/ed")]
    [InlineData("ed\r\nBcc: victim@example.org")]
    public async Task ReportWrite_SelectorNotAName_UsageErrorNothingWritten(string selector)
    {
        var write = await WriteAsync("--key-dir", KeyDir(withKey: true), "--selector", selector);

        Assert.Equal(ExitCodes.Usage, write.ExitCode);
        Assert.DoesNotContain("   at ", write.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(_out) ? Directory.GetFiles(_out) : []);
    }

    [Fact]
    public async Task ReportWrite_KeyDirIsAFile_UsageError()
    {
        string file = _cli.WriteFile("not-a-dir", "x");

        var write = await WriteAsync("--key-dir", file);

        Assert.Equal(ExitCodes.Usage, write.ExitCode);
        Assert.DoesNotContain("   at ", write.Error, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<DkimResult>> VerifyAsync(string message)
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("ed._domainkey.mx.example.net", Key.DnsRecord);
        return await DkimFixture.VerifyAsync(message, zone, clock: new FakeTimeProvider(DateTimeOffset.Parse(Now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private string KeyDir(bool withKey)
    {
        string dir = Path.Combine(Path.GetDirectoryName(_db)!, "keys");
        Directory.CreateDirectory(Path.Combine(dir, "mx.example.net"));
        if (withKey)
        {
            File.WriteAllText(Path.Combine(dir, "mx.example.net", "ed.pem"), Key.PrivateKeyPem);
        }

        return dir;
    }

    private async Task Record()
    {
        var store = new SqliteDmarcReportStore(_db);
        var interval = new DmarcReportInterval("example.com", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var policy = new DmarcPublishedPolicy { Domain = "example.com", Policy = DmarcPolicy.Reject };
        await store.RecordAsync([new DmarcReportEntry(interval, policy, new DmarcReportRecord { SourceIp = "192.0.2.1", Count = 7, HeaderFrom = "example.com", Disposition = DmarcReportDisposition.Reject })]);
    }

    private async Task<CliResult> WriteAsync(params string[] extra)
    {
        if (!File.Exists(_db) || new FileInfo(_db).Length == 0)
        {
            await Record();
        }

        return await CliHarness.RunAsync(["report", "write", "--store", _db, "--from", "2026-11-30T00:00:00Z", "--to", "2026-12-02T00:00:00Z",
            "--out", _out, "--email", Reporter, "--zone", _zone, "--now", Now, .. extra]);
    }
}
