using System.Text;
using BenchmarkDotNet.Attributes;
using MailAuth.AuthResults;

namespace MailAuth.Benchmarks.AuthResults;

/// <summary>Parsing and formatting a typical three-method Authentication-Results field. Baseline: MimeKit's parser.</summary>
[MemoryDiagnoser]
public class AuthResultsBenchmarks
{
    private const string Value =
        " mx.google.com;\r\n       dkim=pass header.i=@example.com header.s=20230601 header.b=ZzJh+/7g;\r\n" +
        "       spf=pass (google.com: domain of alice@example.com designates 192.0.2.25 as permitted sender) smtp.mailfrom=alice@example.com;\r\n" +
        "       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com";

    private static readonly byte[] ValueBytes = Encoding.ASCII.GetBytes(Value);
    private static readonly AuthResultsHeader Parsed = AuthResultsHeader.Parse(Value);

    [Benchmark(Baseline = true)]
    public int MimeKit_TryParse() => global::MimeKit.Cryptography.AuthenticationResults.TryParse(ValueBytes, out var ar) ? ar.Results.Count : -1;

    [Benchmark]
    public int TryParse() => AuthResultsHeader.TryParse(Value, out var ar, out _) ? ar.Results.Count : -1;

    [Benchmark]
    public int Format() => AuthResultsFormatter.Format(Parsed).Length;
}
