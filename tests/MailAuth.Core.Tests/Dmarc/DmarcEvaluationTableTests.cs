using MailAuth.Dmarc;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Dmarc;

/// <summary>
/// The evaluation table (TestData/dmarc/evaluation-table.txt against evaluation.zone): alignment relaxed/strict ×
/// SPF/DKIM × pass/fail × policy tags × subdomain/non-existent, in both modes.
/// </summary>
public sealed class DmarcEvaluationTableTests
{
    private static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "TestData", "dmarc");

    public static TheoryData<int, string, string, string, string, string, string, string> Rows()
    {
        var data = new TheoryData<int, string, string, string, string, string, string, string>();
        int lineNo = 0;
        foreach (string line in File.ReadLines(Path.Combine(DataDir, "evaluation-table.txt")))
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] f = line.Split('|', StringSplitOptions.TrimEntries);
            foreach (string mode in f[0] == "both" ? new[] { "9989", "7489" } : [f[0]])
            {
                data.Add(lineNo, mode, f[1], f[2], f[3], f[4], f[5], f[6]);
            }
        }

        return data;
    }

    internal static ZoneFileResolver LoadZone()
    {
        var zone = ZoneFileResolver.FromFile(Path.Combine(DataDir, "evaluation.zone"));
        zone.SetFault("_dmarc.servfail.test", DnsStatus.ServerFailure);
        return zone;
    }

    [Fact]
    public void Table_HasAtLeastSixtyRows() => Assert.True(Rows().Count >= 60, $"{Rows().Count} rows");

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Evaluate_TableRow_MatchesExpected(int line, string mode, string from, string spf, string dkim, string status, string source, string disposition)
    {
        var options = new DmarcOptions { Mode = mode == "7489" ? DmarcMode.Rfc7489Psl : DmarcMode.Rfc9989TreeWalk };
        var evaluator = new DmarcEvaluator(LoadZone(), options);
        var result = await evaluator.EvaluateAsync(from, ParseSpf(spf), ParseDkim(dkim));

        string context = $"line {line} ({mode}): {result}";
        Assert.True(status == result.Keyword, context);
        Assert.True(disposition == DispositionWord(result.Disposition), context + $" disposition {result.Disposition}");
        if (source != "-")
        {
            Assert.True(source == SourceWord(result.PolicySource), context + $" source {result.PolicySource}");
            Assert.NotNull(result.Record);
        }
        else
        {
            Assert.Null(result.Policy);
        }

        // The property the whole table rests on: pass ⇔ at least one aligned pass.
        Assert.Equal(result.Status == DmarcStatus.Pass, result.SpfAligned || result.DkimAligned);
    }

    internal static DmarcSpfInput ParseSpf(string text)
    {
        if (text == "-")
        {
            return DmarcSpfInput.None;
        }

        string[] parts = text.Split(':', 2);
        return DmarcSpfInput.FromWord(parts[0], parts[1]);
    }

    internal static IReadOnlyList<DmarcDkimInput> ParseDkim(string text)
        => text == "-" ? [] : text.Split(',').Select(t => t.Split(':', 2)).Select(p => DmarcDkimInput.FromWord(p[0], p[1], "sel")).ToArray();

    private static string DispositionWord(DmarcPolicy p) => p.ToString().ToLowerInvariant();

    private static string SourceWord(DmarcPolicySource s) => s switch
    {
        DmarcPolicySource.Subdomain => "sp",
        DmarcPolicySource.NonExistentSubdomain => "np",
        _ => "p",
    };
}
