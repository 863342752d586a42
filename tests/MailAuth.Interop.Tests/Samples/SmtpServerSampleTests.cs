using System.Diagnostics;
using System.Net;
using System.Reflection;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Interop.Tests.Samples;

/// <summary>
/// samples/SmtpServerSample end to end: the sample runs as its own process on 127.0.0.1, a real SMTP client (swaks)
/// sends to it, and the reply codes and the delivered files' header fields are checked.
/// </summary>
public sealed class SmtpServerSampleTests : IAsyncLifetime
{
    private static readonly string SampleDirectory = typeof(SmtpServerSampleTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SmtpServerSampleDirectory").Value!;

    private static readonly string Samples = Path.GetFullPath(Path.Combine(SampleDirectory, "../../../.."));

    private readonly string _work = Directory.CreateTempSubdirectory("mailauth-smtp-sample-").FullName;
    private readonly int _inbound = LoopbackPorts.Free();
    private readonly int _submission = LoopbackPorts.Free();
    private readonly string? _swaks = Peers.FindOnPath("swaks");
    private Process? _sample;

    private string Zone => Path.Combine(_work, "test.zone");

    public async Task InitializeAsync()
    {
        if (_swaks is null)
        {
            return; // each test skips (or fails when peers are required) with the reason
        }

        // The sample zone, with SPF also allowing 127.0.0.1, where swaks connects from.
        string zone = await File.ReadAllTextAsync(Path.Combine(SampleDirectory, "example.zone"));
        await File.WriteAllTextAsync(Zone, zone.Replace("v=spf1 ip4:192.0.2.0/24 -all", "v=spf1 ip4:192.0.2.0/24 ip4:127.0.0.1 -all", StringComparison.Ordinal));

        await StartSampleAsync();
    }

    // Starts the sample (again, after stopping a running one) with the test's ports, directory and zone, plus extra
    // configuration given as command-line arguments (--Key=Value).
    private async Task StartSampleAsync(params string[] configuration)
    {
        await DisposeAsync();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = SampleDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            "SmtpServerSample.dll", $"--Smtp:InboundPort={_inbound}", $"--Smtp:SubmissionPort={_submission}",
            $"--Smtp:MailDirectory={_work}", $"--MailAuth:Dns:ZoneFiles:0={Zone}",
        }.Concat(configuration))
        {
            info.ArgumentList.Add(argument);
        }

        _sample = Process.Start(info)!;
        _sample.OutputDataReceived += (_, _) => { };
        _sample.ErrorDataReceived += (_, _) => { };
        _sample.BeginOutputReadLine();
        _sample.BeginErrorReadLine();
        await LoopbackPorts.WaitUntilListeningAsync(_sample, _inbound);
        await LoopbackPorts.WaitUntilListeningAsync(_sample, _submission);
    }

    public Task DisposeAsync()
    {
        if (_sample is { HasExited: false })
        {
            _sample.Kill(entireProcessTree: true);
            _sample.WaitForExit();
        }

        _sample?.Dispose();
        _sample = null;
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Inbound_SignedMessage_Accepted250WithAuthenticationResultsOnTop()
    {
        ProcessResult result = await SwaksAsync(_inbound, Path.Combine(Samples, "message.eml"), "alice@example.com");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("<-  250 Ok", result.StandardOutput, StringComparison.Ordinal);
        string delivered = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(_work, "inbox"))));
        Assert.StartsWith("Authentication-Results: mx.example.net;", delivered, StringComparison.Ordinal);
        string field = delivered[..delivered.IndexOf("\r\n", delivered.IndexOf("header.from=", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Contains("spf=pass smtp.mailfrom=alice@example.com", field, StringComparison.Ordinal);
        Assert.Contains("dkim=pass", field, StringComparison.Ordinal);
        Assert.Contains("dmarc=pass", field, StringComparison.Ordinal);
        Assert.EndsWith(await File.ReadAllTextAsync(Path.Combine(Samples, "message.eml")), delivered, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Inbound_ForgedMessageFromUnalignedSender_Rejected550PerDmarc()
    {
        ProcessResult result = await SwaksAsync(_inbound, Path.Combine(Samples, "forged.eml"), "mallory@attacker.example");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("550 5.7.1", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "inbox")) && Directory.GetFiles(Path.Combine(_work, "inbox")).Length > 0);
    }

    [SkippableFact]
    public async Task Inbound_ForgedMessageWithReceiverPolicyFollowingDmarc_RejectedWithRfc7372Code()
    {
        Peers.Require(_swaks is not null, "swaks not found on PATH (apt-get install swaks)");
        await StartSampleAsync("--MailAuth:Policy:Default:Action=FollowDmarc");

        ProcessResult result = await SwaksAsync(_inbound, Path.Combine(Samples, "forged.eml"), "mallory@attacker.example");

        // RFC 7372 §3.1: no passing DKIM signature, SPF not failing → 5.7.20.
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("550 5.7.20 Message rejected: it fails the DMARC policy of example.com", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "inbox")));
    }

    [SkippableFact]
    public async Task Inbound_ForgedMessageForCustomerThatMarks_Delivered250WithMarkHeader()
    {
        Peers.Require(_swaks is not null, "swaks not found on PATH (apt-get install swaks)");
        await StartSampleAsync("--MailAuth:Policy:Domains:example.net:Action=Mark", "--MailAuth:Policy:Domains:example.net:MarkHeader=X-Spoofed");

        ProcessResult result = await SwaksAsync(_inbound, Path.Combine(Samples, "forged.eml"), "mallory@attacker.example");

        Assert.True(result.ExitCode == 0, result.ToString());
        string delivered = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(_work, "inbox"))));
        Assert.StartsWith("Authentication-Results: mx.example.net;", delivered, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Spoofed: dmarc=fail header.from=example.com policy=reject\r\n", delivered, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Inbound_ForgedAuthenticationResultsWithOurId_RemovedBeforeDelivery()
    {
        string message = Path.Combine(_work, "claims-pass.eml");
        await File.WriteAllTextAsync(message, "Authentication-Results: mx.example.net; dmarc=pass header.from=example.org\r\nFrom: bob@example.org\r\nTo: carol@example.net\r\nSubject: trust me\r\n\r\nHello.\r\n");

        ProcessResult result = await SwaksAsync(_inbound, message, "bob@example.org");

        Assert.True(result.ExitCode == 0, result.ToString());
        string delivered = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(_work, "inbox"))));
        Assert.DoesNotContain("dmarc=pass header.from=example.org", delivered, StringComparison.Ordinal);
        Assert.Contains("From: bob@example.org", delivered, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Submission_MessageFromOurDomain_SignedAndSignatureVerifies()
    {
        string message = Path.Combine(_work, "outgoing.eml");
        await File.WriteAllTextAsync(message, "From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: signed on submission\r\n\r\nHello Bob.\r\n");

        ProcessResult result = await SwaksAsync(_submission, message, "alice@example.com");

        Assert.True(result.ExitCode == 0, result.ToString());
        byte[] queued = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(Path.Combine(_work, "outbox"))));
        Assert.StartsWith("DKIM-Signature: v=1; a=rsa-sha256;", System.Text.Encoding.ASCII.GetString(queued), StringComparison.Ordinal);
        var authenticator = new MessageAuthenticator(ZoneFileResolver.FromFile(Zone));
        AuthenticationOutcome outcome = await authenticator.AuthenticateAsync(queued, new SmtpContext(IPAddress.Loopback, "mail.example.com", "alice@example.com"));
        Assert.Equal("pass", Assert.Single(outcome.Dkim).Keyword);
        Assert.Equal("pass", outcome.Dmarc.Keyword);
    }

    [SkippableFact]
    public async Task Submission_FromDomainWithoutKey_Refused554()
    {
        string message = Path.Combine(_work, "no-key.eml");
        await File.WriteAllTextAsync(message, "From: dave@example.org\r\nTo: bob@example.net\r\nSubject: no key\r\n\r\nHello.\r\n");

        ProcessResult result = await SwaksAsync(_submission, message, "dave@example.org");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("554 5.7.0", result.StandardOutput, StringComparison.Ordinal);
    }

    private Task<ProcessResult> SwaksAsync(int port, string messageFile, string mailFrom)
    {
        Peers.Require(_swaks is not null, "swaks not found on PATH (apt-get install swaks)");
        return Peers.RunAsync(_swaks!, ["--server", $"127.0.0.1:{port}", "--helo", "mail.example.com", "--from", mailFrom, "--to", "bob@example.net", "--data", messageFile], timeout: TimeSpan.FromSeconds(60));
    }
}
