using BenchmarkDotNet.Attributes;
using MailAuth.PublicSuffix;

namespace MailAuth.Benchmarks.Dmarc;

/// <summary>
/// Public Suffix List look-up: <see cref="PublicSuffixList.Match(ReadOnlySpan{char})"/> (target &lt; 200 ns, 0 B) and the
/// string-returning <see cref="PublicSuffixList.GetRegistrableDomain(string)"/>, against a baseline that splits the name and
/// probes a <see cref="HashSet{T}"/> of rules with substrings (the common naive implementation).
/// </summary>
[MemoryDiagnoser]
public class PslBenchmarks
{
    private static readonly PublicSuffixList List = PublicSuffixList.Default;
    private HashSet<string> _naiveRules = null!;

    [Params("example.com", "www.Example.CO.UK", "a.b.c.kobe.jp", "deep.sub.domain.alice.github.io")]
    public string Domain { get; set; } = "example.com";

    [GlobalSetup]
    public void Setup()
    {
        _naiveRules = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream("MailAuth.PublicSuffix.public_suffix_list.dat")!;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))
            {
                _naiveRules.Add(line.Trim());
            }
        }
    }

    [Benchmark]
    public int Match() => List.Match(Domain).RegistrableDomainStart;

    [Benchmark]
    public string? GetRegistrableDomain() => List.GetRegistrableDomain(Domain);

    [Benchmark(Baseline = true)]
    public string? NaiveSplitAndHashSet()
    {
        string[] labels = Domain.ToLowerInvariant().Split('.');
        int best = 1;
        for (int i = labels.Length - 1; i >= 0; i--)
        {
            string suffix = string.Join('.', labels[i..]);
            if (_naiveRules.Contains("!" + suffix))
            {
                best = labels.Length - i - 1;
                break;
            }

            if (_naiveRules.Contains(suffix) || (i + 1 < labels.Length && _naiveRules.Contains("*." + string.Join('.', labels[(i + 1)..]))))
            {
                best = labels.Length - i;
            }
        }

        return best < labels.Length ? string.Join('.', labels[^(best + 1)..]) : null;
    }
}
