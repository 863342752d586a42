using BenchmarkDotNet.Attributes;
using MailAuth.Spf;
using ArSpf = ARSoft.Tools.Net.Spf;

namespace MailAuth.Benchmarks.Spf;

/// <summary>
/// Parsing a typical SPF record: MailAuth's <see cref="SpfRecord.TryParse"/> (target: no allocation beyond the
/// result) against ARSoft.Tools.Net's <c>SpfRecord.TryParse</c> (baseline).
/// </summary>
[MemoryDiagnoser]
public class SpfParseBenchmarks
{
    private const string Record = "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.128/25 ip6:2001:db8::/32 a mx:mail.example.com include:_spf.example.net exists:%{i}._spf.%{d} ~all";

    [Benchmark(Baseline = true)]
    public object? ArsoftTryParse() => ArSpf.SpfRecord.TryParse(Record, out ArSpf.SpfRecord? record) ? record : null;

    [Benchmark]
    public object? MailAuthTryParse() => SpfRecord.TryParse(Record, out SpfRecord? record, out _) ? record : null;
}
