using System.Security.Cryptography;
using System.Text;
using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Interop.Tests.Dkim;
using MailAuth.Keys;
using MailAuth.Messages;
using MimeKit;
using MimeKit.Cryptography;
using Xunit;

namespace MailAuth.Interop.Tests.Arc;

/// <summary>
/// ARC (RFC 8617) against real peers, offline (keys from a key table / in-memory zone): what we seal validates in
/// dkimpy's arc_verify, Mail::DKIM::ARC::Verifier and MimeKit's ArcVerifier; what dkimpy, Mail::DKIM and MimeKit seal
/// validates with us; three-hop chains mixing sealers pass everywhere and fail everywhere once tampered.
/// </summary>
public sealed class ArcInteropTests : IDisposable
{
    private const string Dkimpy = "arc-dkimpy-driver.py";
    private const string MailDkim = "arc-maildkim-driver.pl";
    private const string Node = "arc-node-driver.js";
    private const string SrvId = "mx.example.org";
    private static readonly string[] Sealers = ["us.example.org", "dkimpy.example.net", "maildkim.example.com", "mimekit.example.org", "node.example.net"];

    private readonly string _dir = Directory.CreateTempSubdirectory("arc-interop").FullName;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly DkimSigningKey _key;
    private readonly ZoneFileResolver _zone = new();
    private readonly string _keyTable;
    private readonly string _pem;

    public ArcInteropTests()
    {
        var copy = RSA.Create();
        copy.ImportRSAPrivateKey(_rsa.ExportRSAPrivateKey(), out _);
        _key = DkimSigningKey.FromRsa(copy);
        string record = _key.GetDnsRecord();
        var table = new StringBuilder();
        foreach (string domain in Sealers)
        {
            _zone.AddTxt("arc._domainkey." + domain, record.Chunk(255).Select(c => new string(c)).ToArray());
            table.Append("arc._domainkey.").Append(domain).Append('\t').Append(record).Append('\n');
        }

        _keyTable = Path.Combine(_dir, "keys.tsv");
        File.WriteAllText(_keyTable, table.ToString());
        _pem = Path.Combine(_dir, "arc.pem");
        File.WriteAllText(_pem, _rsa.ExportRSAPrivateKeyPem());
    }

    public static TheoryData<string> ScriptPeers() => new() { Dkimpy, MailDkim, Node };

    public void Dispose()
    {
        _key.Dispose();
        _rsa.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [SkippableTheory]
    [MemberData(nameof(ScriptPeers))]
    public async Task OurSeal_OneAndTwoHops_PassesInPeer(string peer)
    {
        string one = await SealWithUsAsync(Base());
        string two = await SealWithUsAsync(one);

        Assert.StartsWith("pass", await PeerVerifyAsync(peer, one), StringComparison.Ordinal);
        Assert.StartsWith("pass", await PeerVerifyAsync(peer, two), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(ScriptPeers))]
    public async Task PeerSeal_OneAndTwoHops_PassesWithUs(string peer)
    {
        string one = await PeerSealAsync(peer, Base());
        string two = await PeerSealAsync(peer, one);

        Assert.Equal(ArcStatus.Pass, (await ValidateAsync(one)).Status);
        var result = await ValidateAsync(two);
        Assert.True(result.Status == ArcStatus.Pass, result.ToString());
        Assert.Equal(2, result.HighestInstance);
    }

    [SkippableFact]
    public async Task MixedChain_ThreeHops_PassesEverywhereAndTamperedFailsEverywhere()
    {
        string chain = await SealWithUsAsync(Base());
        chain = await PeerSealAsync(Dkimpy, chain);
        chain = await PeerSealAsync(MailDkim, chain);
        chain = await SealWithUsAsync(chain);
        string tampered = chain.Replace("Please forward", "Please wire money", StringComparison.Ordinal);

        var ours = await ValidateAsync(chain);
        Assert.True(ours.Status == ArcStatus.Pass, ours.ToString());
        Assert.Equal(["us.example.org", "dkimpy.example.net", "maildkim.example.com", "us.example.org"], ours.Hops.Select(h => h.SealDomain));
        Assert.StartsWith("pass", await PeerVerifyAsync(Dkimpy, chain), StringComparison.Ordinal);
        Assert.StartsWith("pass", await PeerVerifyAsync(MailDkim, chain), StringComparison.Ordinal);
        Assert.Equal(ArcSignatureValidationResult.Pass, MimeKitVerify(chain));

        Assert.Equal(ArcStatus.Fail, (await ValidateAsync(tampered)).Status);
        Assert.StartsWith("fail", await PeerVerifyAsync(Dkimpy, tampered), StringComparison.Ordinal);
        Assert.StartsWith("fail", await PeerVerifyAsync(MailDkim, tampered), StringComparison.Ordinal);
        Assert.Equal(ArcSignatureValidationResult.Fail, MimeKitVerify(tampered));
    }

    [SkippableFact]
    public async Task MixedChain_FourHopsNodeAndMimeKitSealInside_PassesEverywhereAndTamperedFailsEverywhere()
    {
        // Node mailauth and MimeKit seal in the middle of the chain, so each later sealer (and every verifier) has to
        // accept their sets as part of what it hashes (RFC 8617 §5.1.1).
        string chain = await SealWithUsAsync(Base());

        // Node's driver leaves its own Authentication-Results field (authserv-id mx.example.org, like every hop here);
        // the next hop removes fields claiming its own authserv-id (RFC 8601 §5). Left in, dkimpy's arc_sign reads
        // its cv= from Node's field instead of the driver's and seals cv=fail. Not signed by any AMS or AS.
        chain = WithoutHopResults(await PeerSealAsync(Node, chain));
        chain = MimeKitSeal(chain);
        chain = await PeerSealAsync(Dkimpy, chain);
        string tampered = chain.Replace("Please forward", "Please wire money", StringComparison.Ordinal);

        var ours = await ValidateAsync(chain);
        Assert.True(ours.Status == ArcStatus.Pass, ours.ToString());
        Assert.Equal(["us.example.org", "node.example.net", "mimekit.example.org", "dkimpy.example.net"], ours.Hops.Select(h => h.SealDomain));
        foreach (string peer in new[] { Dkimpy, MailDkim, Node })
        {
            Assert.StartsWith("pass", await PeerVerifyAsync(peer, chain), StringComparison.Ordinal);
        }

        Assert.Equal(ArcSignatureValidationResult.Pass, MimeKitVerify(chain));

        Assert.Equal(ArcStatus.Fail, (await ValidateAsync(tampered)).Status);
        foreach (string peer in new[] { Dkimpy, MailDkim, Node })
        {
            Assert.StartsWith("fail", await PeerVerifyAsync(peer, tampered), StringComparison.Ordinal);
        }

        Assert.Equal(ArcSignatureValidationResult.Fail, MimeKitVerify(tampered));
    }

    [Fact]
    public async Task MimeKit_VerifiesOurChainAndWeVerifyMimeKitSeal()
    {
        string ours = await SealWithUsAsync(await SealWithUsAsync(Base()));
        Assert.Equal(ArcSignatureValidationResult.Pass, MimeKitVerify(ours));

        string sealedByMimeKit = MimeKitSeal(ours);
        var result = await ValidateAsync(sealedByMimeKit);
        Assert.True(result.Status == ArcStatus.Pass, result.ToString());
        Assert.Equal("mimekit.example.org", result.Hops[^1].SealDomain);
        Assert.Equal(ArcSignatureValidationResult.Pass, MimeKitVerify(sealedByMimeKit));
    }

    // Every Authentication-Results field except the last (the one Base() carries).
    private static string WithoutHopResults(string message)
    {
        int end = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var fields = new List<string>();
        foreach (string line in message[..end].Split("\r\n"))
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                fields[^1] += "\r\n" + line;
            }
            else
            {
                fields.Add(line);
            }
        }

        int last = fields.FindLastIndex(f => f.StartsWith("Authentication-Results:", StringComparison.OrdinalIgnoreCase));
        var kept = fields.Where((f, i) => i == last || !f.StartsWith("Authentication-Results:", StringComparison.OrdinalIgnoreCase));
        return string.Join("\r\n", kept) + message[end..];
    }

    private static string Base() =>
        "Authentication-Results: " + SrvId + "; spf=pass smtp.mailfrom=alice@example.com; dkim=none\r\n" +
        "From: Alice <alice@example.com>\r\nTo: list@example.org\r\nSubject: interop\r\nDate: Mon, 30 Nov 2026 12:00:00 +0000\r\n" +
        "Message-ID: <arc-interop@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nPlease forward this.\r\n";

    private async Task<ArcResult> ValidateAsync(string message) =>
        await new ArcChainValidator(_zone).ValidateAsync(Encoding.UTF8.GetBytes(message));

    private async Task<string> SealWithUsAsync(string message)
    {
        using var raw = MessageReader.Default.Read(Encoding.UTF8.GetBytes(message)).Message!;
        var chain = await new ArcChainValidator(_zone).ValidateAsync(raw);
        var seal = new ArcSealer().Seal(raw, chain, ArcSealer.CollectAuthenticationResults(raw, SrvId), _key, "us.example.org", "arc");
        Assert.True(seal.IsSealed, seal.Reason);
        return seal.ToHeaderBlock() + message;
    }

    private async Task<string> PeerSealAsync(string peer, string message)
    {
        string input = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".eml");
        string output = input + ".sealed";
        await File.WriteAllTextAsync(input, message);
        string domain = peer switch { Dkimpy => "dkimpy.example.net", Node => "node.example.net", _ => "maildkim.example.com" };
        var run = await RunPeerAsync(peer, "seal", "--keys", _keyTable, "--key", _pem, "--domain", domain, "--selector", "arc", "--srv-id", SrvId, "--in", input, "--out", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        return await File.ReadAllTextAsync(output);
    }

    private async Task<string> PeerVerifyAsync(string peer, string message)
    {
        string input = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".eml");
        await File.WriteAllTextAsync(input, message);
        var run = await RunPeerAsync(peer, "verify", "--keys", _keyTable, "--in", input);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        return run.StandardOutput.Trim();
    }

    private static async Task<ProcessResult> RunPeerAsync(string peer, params string[] arguments)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Peers", peer);
        string interpreter = peer.EndsWith(".py", StringComparison.Ordinal) ? "/usr/bin/python3" : peer.EndsWith(".js", StringComparison.Ordinal) ? "node" : "perl";
        string? program = File.Exists(interpreter) ? interpreter : Peers.FindOnPath(interpreter);
        bool available = program is not null && (await Peers.RunAsync(program, [script, "probe"])).ExitCode == 0;
        Peers.Require(available, peer switch
        {
            Dkimpy => "dkimpy not available (apt-get install python3-dkim; .ci/apt/dkim.txt)",
            Node => "Node mailauth not available (bash .ci/setup.d/node.sh)",
            _ => "Mail::DKIM not available (apt-get install libmail-dkim-perl; .ci/apt/dkim.txt)",
        });
        return await Peers.RunAsync(program!, [script, .. arguments], timeout: TimeSpan.FromMinutes(1));
    }

    private KeyTablePublicKeyLocator Locator() => new(Sealers.ToDictionary(d => "arc._domainkey." + d, _ => _key.GetDnsRecord()));

    private ArcSignatureValidationResult MimeKitVerify(string message)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(message));
        var mime = MimeMessage.Load(stream);
        return new ArcVerifier(Locator()).Verify(mime).Chain;
    }

    private string MimeKitSeal(string message)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(message));
        var mime = MimeMessage.Load(stream);
        var key = Org.BouncyCastle.Security.DotNetUtilities.GetRsaKeyPair(_rsa).Private;
        var signer = new MimeKitArcSigner(key, "mimekit.example.org", "arc") { HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed, BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed };
        signer.Sign(mime, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);
        using var output = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        mime.WriteTo(options, output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>MimeKit's ArcSigner needs the sealer's results: ours are "arc=" from MimeKit's own validation, as RFC 8617 §5.1 asks.</summary>
    private sealed class MimeKitArcSigner(Org.BouncyCastle.Crypto.AsymmetricKeyParameter key, string domain, string selector)
        : ArcSigner(key, domain, selector, DkimSignatureAlgorithm.RsaSha256)
    {
        protected override AuthenticationResults GenerateArcAuthenticationResults(FormatOptions options, MimeMessage message, CancellationToken cancellationToken = default)
        {
            var results = new AuthenticationResults(SrvId);
            results.Results.Add(new AuthenticationMethodResult("spf", "pass"));
            return results;
        }

        protected override Task<AuthenticationResults> GenerateArcAuthenticationResultsAsync(FormatOptions options, MimeMessage message, CancellationToken cancellationToken = default) =>
            Task.FromResult(GenerateArcAuthenticationResults(options, message, cancellationToken));
    }
}
