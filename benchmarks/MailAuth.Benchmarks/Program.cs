using BenchmarkDotNet.Running;
using MailAuth.Benchmarks.Facade;

namespace MailAuth.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/MailAuth.Benchmarks -- --filter '*'</c>;
/// <c>-- facade-throughput [SECONDS]</c> runs the plain loop used by <c>benchmarks/compare-node.sh</c>,
/// <c>-- facade-breakdown [SECONDS]</c> the time per engine.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "facade-throughput")
        {
            return await FacadeThroughput.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == "report-read-throughput")
        {
            return Reports.ReportReadThroughput.Run(args);
        }

        if (args.Length > 0 && args[0] == "sqlite-throughput")
        {
            return await Reports.SqliteThroughput.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == "facade-breakdown")
        {
            return await FacadeBreakdown.RunAsync(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
