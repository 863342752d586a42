using System.Diagnostics;
using System.Globalization;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Spf;

namespace MailAuth.Benchmarks.Facade;

/// <summary>
/// A plain throughput loop for <c>benchmarks/compare-node.sh</c>: <c>dotnet run -c Release --project
/// benchmarks/MailAuth.Benchmarks -- facade-throughput [SECONDS]</c>. One caller, calls one after another (as Node's
/// benchmark does), full <c>AuthenticateAsync</c> + header text per call; prints the results once, then
/// <c>ops/sec: N</c>.
/// </summary>
internal static class FacadeThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        byte[] message = await File.ReadAllBytesAsync(FacadeSamples.PathOf(FacadeSamples.MessageFile));
        var authenticator = new MessageAuthenticator(ZoneFileResolver.FromFile(FacadeSamples.PathOf(FacadeSamples.ZoneFile)));

        AuthenticationOutcome report = await authenticator.AuthenticateAsync(message, FacadeSamples.Context);
        Console.WriteLine($"message: {message.Length} bytes; spf={report.Spf.Keyword} dkim={string.Join(',', report.Dkim.Select(d => d.Keyword))} dmarc={report.Dmarc.Keyword}");
        Console.WriteLine(report.ToAuthenticationResults());
        if (report.Spf.Status != SpfStatus.Pass || report.Dkim.Count != 1 || report.Dkim[0].Status != DkimStatus.Pass || report.Dmarc.Status != DmarcStatus.Pass)
        {
            Console.Error.WriteLine("the sample does not pass; not measuring");
            return 1;
        }

        await LoopAsync(authenticator, message, TimeSpan.FromSeconds(Math.Min(2, seconds)));
        (long ops, TimeSpan elapsed) = await LoopAsync(authenticator, message, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"iterations: {ops} in {elapsed.TotalSeconds:F2} s");
        Console.WriteLine(FormattableString.Invariant($"ops/sec: {ops / elapsed.TotalSeconds:F0}"));
        return 0;
    }

    private static async Task<(long Ops, TimeSpan Elapsed)> LoopAsync(MessageAuthenticator authenticator, byte[] message, TimeSpan duration)
    {
        long ops = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            AuthenticationOutcome report = await authenticator.AuthenticateAsync(message, FacadeSamples.Context);
            if (report.ToAuthenticationResults().Length == 0)
            {
                throw new InvalidOperationException("empty header");
            }

            ops++;
        }

        return (ops, watch.Elapsed);
    }
}
