using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using MailAuth.Interop.Tests.Dkim;
using MimeKit;
using MailAuth.Dkim;
using MimeKitDkimVerifier = MimeKit.Cryptography.DkimVerifier;

namespace MailAuth.Benchmarks.Dkim;

/// <summary>
/// DKIM verification of one rsa-sha256 relaxed/relaxed signature, key pre-parsed, DNS in memory.
/// Baseline = the floor: one SHA-256 over the whole message and one RSA-2048 verify (.NET).
/// Ours and MimeKit both start from the message bytes; MimeKit includes parsing the bytes into a <see cref="MimeMessage"/> (a receiver starts from bytes too).
/// </summary>
[MemoryDiagnoser]
public class DkimVerifyBenchmarks
{
    private DkimBenchmarkSetup _setup = null!;
    private byte[] _signed = null!;
    private byte[] _floorSignature = null!;
    private MimeKitDkimVerifier _mimeKit = null!;
    private DkimMessageVerifier _ours = null!;

    [Params(2 * 1024, 20 * 1024, 200 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setup = new DkimBenchmarkSetup();
        _signed = _setup.SignWithMimeKit(BenchmarkMessages.Create(Size));
        _floorSignature = _setup.Rsa.SignHash(SHA256.HashData(_signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _mimeKit = new MimeKitDkimVerifier(new KeyTablePublicKeyLocator(new Dictionary<string, string> { [_setup.KeyName] = _setup.KeyRecord }));
        _ours = new DkimMessageVerifier(_setup.Resolver, new DkimMessageVerifierOptions { PublicKeyCache = new DkimPublicKeyCache() });
        if (!Floor() || !MimeKitVerify() || Ours().AsTask().GetAwaiter().GetResult() is not [{ Status: DkimStatus.Pass }])
        {
            throw new InvalidOperationException("benchmark fixture does not verify");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark(Baseline = true)]
    public bool Floor() =>
        _setup.Rsa.VerifyHash(SHA256.HashData(_signed), _floorSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Ours: read the bytes, verify every signature (the key comes from the warm cache).</summary>
    [Benchmark]
    public ValueTask<IReadOnlyList<DkimResult>> Ours() => _ours.VerifyAsync(_signed);

    [Benchmark]
    public bool MimeKitVerify()
    {
        var message = DkimBenchmarkSetup.Load(_signed);
        return _mimeKit.Verify(_setup.Dos, message, message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)]);
    }
}
