using BenchmarkDotNet.Attributes;
using MailAuth.Dkim;
using MailAuth.Dns;

namespace MailAuth.Benchmarks.Facade;

/// <summary>
/// The whole receiving path on <c>samples/message-20k.eml</c> with in-memory DNS (<see cref="ZoneFileResolver"/> over the
/// sample zone): read, SPF (MAIL FROM and HELO), DKIM, DMARC and the Authentication-Results text. The baseline is DKIM
/// verification alone with the same caches (DNS and parsed key), the part that costs most (body hash and RSA-2048).
/// Run: <c>dotnet run -c Release --project benchmarks/MailAuth.Benchmarks -- --filter '*AuthenticateBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class AuthenticateBenchmarks
{
    private byte[] _message = [];
    private MessageAuthenticator _authenticator = null!;
    private DkimMessageVerifier _verifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = File.ReadAllBytes(FacadeSamples.PathOf(FacadeSamples.MessageFile));
        var zone = ZoneFileResolver.FromFile(FacadeSamples.PathOf(FacadeSamples.ZoneFile));
        _authenticator = new MessageAuthenticator(zone);
        _verifier = new DkimMessageVerifier(new CachingDnsResolver(zone), new DkimMessageVerifierOptions { PublicKeyCache = new DkimPublicKeyCache() });
        var report = _authenticator.AuthenticateAsync(_message, FacadeSamples.Context).GetAwaiter().GetResult();
        if (report.Dmarc.Status != MailAuth.Dmarc.DmarcStatus.Pass || report.Dkim[0].Status != DkimStatus.Pass)
        {
            throw new InvalidOperationException("the sample does not pass: " + report);
        }
    }

    [Benchmark(Baseline = true, Description = "DKIM verify only")]
    public async Task<int> DkimVerifyOnly() => (await _verifier.VerifyAsync(_message)).Count;

    [Benchmark(Description = "AuthenticateAsync + AR header")]
    public async Task<string> Authenticate() => (await _authenticator.AuthenticateAsync(_message, FacadeSamples.Context)).ToAuthenticationResults();
}
