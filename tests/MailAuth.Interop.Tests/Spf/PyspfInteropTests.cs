using System.Text;
using System.Text.Json;
using MailAuth.Spf;
using Xunit;
using Xunit.Abstractions;

namespace MailAuth.Interop.Tests.Spf;

/// <summary>
/// MailAuth's SPF results against pyspf (Debian python3-spf) on the same zone, offline: pyspf_check.py replaces
/// pyspf's DNS function with one answering from the zone files. Results (and explanations of fail) must be equal.
/// </summary>
public class PyspfInteropTests(ITestOutputHelper output)
{
    private const int CaseCount = 400;

    private static readonly Lazy<Task<string?>> Python = new(FindPythonWithPyspfAsync);

    [SkippableFact]
    public async Task CheckHost_GeneratedCases_SameResultsAsPyspf()
    {
        string? python = await Python.Value;
        Peers.Require(python is not null, "no python3 that can import spf and dns.zone (apt-get install python3-spf python3-dnspython)");
        IReadOnlyList<(string Ip, string Sender, string Helo)> cases = SpfInteropZone.Cases(CaseCount);

        var input = new StringBuilder();
        foreach (var c in cases)
        {
            input.Append(JsonSerializer.Serialize(new[] { c.Ip, c.Sender, c.Helo })).Append('\n');
        }

        string script = Path.Combine(AppContext.BaseDirectory, "Spf", "pyspf_check.py");
        ProcessResult run = await Peers.RunAsync(python!, [
            script,
            $"{SpfInteropZone.ZoneFile}:{SpfInteropZone.Zone}.",
            $"{SpfInteropZone.ReverseZoneFile}:{SpfInteropZone.ReverseZone}.",
        ], input.ToString(), TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.StandardError);
        string[] lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);

        var evaluator = new SpfEvaluator(SpfInteropZone.CreateZoneResolver(), new SpfOptions { DefaultExplanation = "DEFAULT" });
        var mismatches = new List<string>();
        var tally = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < cases.Count; i++)
        {
            var (ip, sender, helo) = cases[i];
            string?[] theirs = JsonSerializer.Deserialize<string?[]>(lines[i])!;
            SpfResult ours = await evaluator.CheckMailFromAsync(SpfInteropZone.Parse(ip), sender, helo);
            tally[ours.Keyword] = tally.GetValueOrDefault(ours.Keyword) + 1;
            string? ourExplanation = ours.Status == SpfStatus.Fail ? ours.Explanation : null;
            if (ours.Keyword != theirs[0] || ourExplanation != theirs[1])
            {
                mismatches.Add($"{ip} {sender} (helo {helo}): MailAuth {ours.Keyword} [{ourExplanation}] ({ours.Reason}); pyspf {theirs[0]} [{theirs[1]}]");
            }
        }

        output.WriteLine($"{cases.Count} cases compared; results: {string.Join(", ", tally.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count} differ:\n" + string.Join('\n', mismatches));
        Assert.True(tally.Count >= 6, "the cases should cover most result kinds");
    }

    private static async Task<string?> FindPythonWithPyspfAsync()
    {
        foreach (string candidate in new[] { "/usr/bin/python3", Peers.FindOnPath("python3") ?? string.Empty })
        {
            if (candidate.Length == 0 || !File.Exists(candidate))
            {
                continue;
            }

            try
            {
                ProcessResult probe = await Peers.RunAsync(candidate, ["-c", "import spf, dns.zone"], timeout: TimeSpan.FromSeconds(30));
                if (probe.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or TimeoutException)
            {
                // Not runnable: try the next candidate.
            }
        }

        return null;
    }
}
