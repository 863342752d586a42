using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Benchmarks.Dkim;
using MailAuth.Dkim;
using MailAuth.Interop.Tests.Dkim;
using MailAuth.Messages;
using MimeKitArcVerifier = MimeKit.Cryptography.ArcVerifier;

namespace MailAuth.Benchmarks.Arc;

/// <summary>
/// Validation of a 3-hop ARC chain (RFC 8617 §5.2) on a 20 KB message, three RSA-2048 sealers sharing one key, the key
/// in the warm key cache, DNS in memory. Baseline = the crypto floor (issue 11): one SHA-256 pass over the message
/// bytes and four RSA-2048 verifications (3 AS + the newest AMS). Ours without and with oldest-pass (which verifies
/// the two older AMS too), and MimeKit's ArcVerifier (message parsing included, as a receiver starts from bytes).
/// </summary>
[MemoryDiagnoser]
public class ArcValidateBenchmarks
{
    private DkimBenchmarkSetup _setup = null!;
    private byte[] _sealed = null!;
    private byte[] _floorSignature = null!;
    private ArcChainValidator _ours = null!;
    private ArcChainValidator _oursOldestPass = null!;
    private MimeKitArcVerifier _mimeKit = null!;

    [Params(20 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setup = new DkimBenchmarkSetup();
        byte[] message = BenchmarkMessages.Create(Size);
        var cache = new DkimPublicKeyCache();
        _ours = new ArcChainValidator(_setup.Resolver, new ArcChainValidatorOptions { PublicKeyCache = cache, DetermineOldestPass = false });
        _oursOldestPass = new ArcChainValidator(_setup.Resolver, new ArcChainValidatorOptions { PublicKeyCache = cache });
        var sealer = new ArcSealer();
        for (int hop = 0; hop < 3; hop++)
        {
            using var raw = MessageReader.Default.Read(message).Message!;
            var chain = _ours.ValidateAsync(raw).AsTask().GetAwaiter().GetResult();
            var seal = sealer.Seal(raw, chain, new AuthResultsHeader("mx" + hop + ".example", [new AuthMethodResult("spf", "pass")]), _setup.SigningKey, DkimBenchmarkSetup.Domain, DkimBenchmarkSetup.Selector);
            message = [.. System.Text.Encoding.ASCII.GetBytes(seal.ToHeaderBlock()), .. message];
        }

        _sealed = message;
        _floorSignature = _setup.Rsa.SignHash(SHA256.HashData(_sealed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _mimeKit = new MimeKitArcVerifier(new KeyTablePublicKeyLocator(new Dictionary<string, string> { [_setup.KeyName] = _setup.KeyRecord }));
        if (!Floor() || Ours().AsTask().GetAwaiter().GetResult().Status != ArcStatus.Pass
            || OursWithOldestPass().AsTask().GetAwaiter().GetResult().OldestPass != 0
            || MimeKitVerify().Chain != MimeKit.Cryptography.ArcSignatureValidationResult.Pass)
        {
            throw new InvalidOperationException("benchmark fixture does not validate");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    /// <summary>The floor: SHA-256 over the message and four RSA-2048 verifications.</summary>
    [Benchmark(Baseline = true)]
    public bool Floor()
    {
        byte[] hash = SHA256.HashData(_sealed);
        bool ok = true;
        for (int i = 0; i < 4; i++)
        {
            ok &= _setup.Rsa.VerifyHash(hash, _floorSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        return ok;
    }

    [Benchmark]
    public ValueTask<ArcResult> Ours() => _ours.ValidateAsync(_sealed);

    [Benchmark]
    public ValueTask<ArcResult> OursWithOldestPass() => _oursOldestPass.ValidateAsync(_sealed);

    [Benchmark]
    public MimeKit.Cryptography.ArcValidationResult MimeKitVerify() => _mimeKit.Verify(DkimBenchmarkSetup.Load(_sealed));
}
