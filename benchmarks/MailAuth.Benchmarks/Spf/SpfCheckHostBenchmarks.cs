using BenchmarkDotNet.Attributes;
using MailAuth.Spf;
using ArNet = ARSoft.Tools.Net;
using ArSpf = ARSoft.Tools.Net.Spf;

namespace MailAuth.Benchmarks.Spf;

/// <summary>
/// check_host() over a 2-include chain on in-memory DNS (records in <see cref="SpfBenchmarkZone"/>): MailAuth's
/// <see cref="SpfEvaluator"/> against ARSoft.Tools.Net's <c>SpfValidator</c> (baseline) on the same records. Target ≥ 3× faster.
/// </summary>
[MemoryDiagnoser]
public class SpfCheckHostBenchmarks
{
    private static readonly ArNet.DomainName ArDomain = ArNet.DomainName.Parse(SpfBenchmarkZone.Domain);
    private SpfEvaluator _evaluator = null!;
    private ArSpf.SpfValidator _arsoft = null!;

    [GlobalSetup]
    public void Setup()
    {
        _evaluator = new SpfEvaluator(SpfBenchmarkZone.CreateZone());
        _arsoft = new ArSpf.SpfValidator { DnsResolver = SpfBenchmarkZone.CreateArsoftResolver() };
        if (MailAuth().GetAwaiter().GetResult() != SpfStatus.Pass || ArsoftSpfValidator().GetAwaiter().GetResult() != ArSpf.SpfQualifier.Pass)
        {
            throw new InvalidOperationException("both implementations must pass the benchmark case");
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<ArSpf.SpfQualifier> ArsoftSpfValidator()
        => (await _arsoft.CheckHostAsync(SpfBenchmarkZone.Client, ArDomain, SpfBenchmarkZone.Sender, false).ConfigureAwait(false)).Result;

    [Benchmark]
    public async Task<SpfStatus> MailAuth()
        => (await _evaluator.CheckHostAsync(SpfBenchmarkZone.Client, SpfBenchmarkZone.Domain, SpfBenchmarkZone.Sender).ConfigureAwait(false)).Status;
}
