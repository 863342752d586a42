using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using MailAuth.Dkim;
using MimeKit;

namespace MailAuth.Benchmarks.Dkim;

/// <summary>
/// DKIM signing, rsa-sha256 relaxed/relaxed, key pre-parsed.
/// Baseline = the floor: one SHA-256 over the whole message and one RSA-2048 sign (.NET).
/// Ours and MimeKit both start from the message bytes; MimeKit includes parsing the bytes into a <see cref="MimeMessage"/>.
/// </summary>
[MemoryDiagnoser]
public class DkimSignBenchmarks
{
    private DkimBenchmarkSetup _setup = null!;
    private byte[] _message = null!;
    private DkimMessageSigner _ours = null!;
    private DkimSigningRequest[] _request = null!;

    [Params(2 * 1024, 20 * 1024, 200 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _setup = new DkimBenchmarkSetup();
        _message = BenchmarkMessages.Create(Size);
        _ours = new DkimMessageSigner(new DkimMessageSignerOptions { SignedHeaders = DkimBenchmarkSetup.SignedHeaders });
        _request = [new DkimSigningRequest(_setup.SigningKey, DkimBenchmarkSetup.Domain, DkimBenchmarkSetup.Selector)];
    }

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] Floor() =>
        _setup.Rsa.SignHash(SHA256.HashData(_message), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Ours: read the bytes and return the folded DKIM-Signature field.</summary>
    [Benchmark]
    public IReadOnlyList<string> Ours() => _ours.Sign(_message, _request);

    [Benchmark]
    public MimeMessage MimeKitSign()
    {
        var message = DkimBenchmarkSetup.Load(_message);
        _setup.MimeKitSigner.Sign(_setup.Dos, message, DkimBenchmarkSetup.SignedHeaders);
        return message;
    }
}
