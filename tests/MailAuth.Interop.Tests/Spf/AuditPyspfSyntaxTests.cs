using System.Text;
using System.Text.Json;
using MailAuth.Audit;
using MailAuth.Dns;
using Xunit;
using Xunit.Abstractions;

namespace MailAuth.Interop.Tests.Spf;

/// <summary>
/// The domain audit's SPF syntax verdict (SPF_SYNTAX) against pyspf's parse phase, for the SPF records of the audit test
/// zones (tests/MailAuth.Core.Tests/Audit) and malformed variants: pyspf_syntax.py evaluates each record with no DNS
/// data, so a permerror that is not about a missing include/redirect target or a look-up limit is a syntax error.
/// </summary>
public class AuditPyspfSyntaxTests(ITestOutputHelper output)
{
    // The records of the audit test zones, then malformed ones.
    private static readonly string[] Records =
    [
        "v=spf1 ip4:192.0.2.0/24 -all",
        "v=spf1 -all",
        "v=spf1 include:i1.example.test include:i2.example.test ip4:192.0.2.0/24 -all",
        "v=spf1 a:h.example.test a:h.example.test a:h.example.test a:h.example.test a:h.example.test",
        "v=spf1 a:gone.example.test ip4:192.0.2.0/24 -all",
        "v=spf1 ip4:192.0.2.0/24 include:loop.example.test -all",
        "v=spf1 exists:%{i}.spf.example.test ip4:192.0.2.0/24 -all",
        "v=spf1 +all",
        "v=spf1 ip4:192.0.2.0/24 ?all",
        "v=spf1 ip4:192.0.2.0/24",
        "v=spf1 ip4:192.0.2.0/24 ptr -all",
        "v=spf1 ip4:192.0.2.0/24 -all redirect=_spf.example.test",
        "v=spf1 redirect=_spf.example.test",
        "v=spf1 ip4:192.0.2.0/24 include:_spf.esp.test -all",
        "v=spf1 ip4:203.0.113.0/24 -all",
        "v=spf1 include:a.example.test ip4:192.0.2.0/24 -all",
        "v=spf1 mx:m.example.test a//64 ip6:2001:db8::/32 ~all",
        "v=spf1 ip4:192.0.2.0/24 exp=explain.example.test -all",
        "v=spf1 ip4:192.0.2.0/24 foo:bar -all",
        "v=spf1 ip4:1.2.3.4/40 -all",
        "v=spf1 ip4:1.2.3 -all",
        "v=spf1 ip6:2001:db8::/129 -all",
        "v=spf1 a/33 -all",
        "v=spf1 redirect=a.example.test redirect=b.example.test",
        "v=spf1 include: -all",
        "v=spf1 exists -all",
        "v=spf1 ptr/24 -all",
        "v=spf1 a:%{z}.example.test -all",
        "v=spf1 =all",
        "v=spf1 -all exp=",
    ];

    private static readonly string[] NotSyntax = ["No valid SPF record for included domain", "redirect domain has no SPF record", "DNS lookups", "Void lookup"];

    [SkippableFact]
    public async Task AuditSpfSyntax_TestZoneRecords_SameVerdictAsPyspf()
    {
        Peers.Require(File.Exists("/usr/bin/python3"), "no /usr/bin/python3 (apt-get install python3-spf)");
        ProcessResult probe = await Peers.RunAsync("/usr/bin/python3", ["-c", "import spf"], timeout: TimeSpan.FromSeconds(30));
        Peers.Require(probe.ExitCode == 0, "python3 cannot import spf (apt-get install python3-spf)");

        var input = new StringBuilder();
        foreach (string record in Records)
        {
            input.Append(JsonSerializer.Serialize(new[] { record })).Append('\n');
        }

        ProcessResult run = await Peers.RunAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Spf", "pyspf_syntax.py")], input.ToString(), TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.StandardError);
        string[] lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Records.Length, lines.Length);

        var mismatches = new List<string>();
        int syntaxErrors = 0;
        for (int i = 0; i < Records.Length; i++)
        {
            string[] theirs = JsonSerializer.Deserialize<string[]>(lines[i])!;
            bool pyspfSyntax = theirs[0] == "permerror" && !NotSyntax.Any(n => theirs[1].Contains(n, StringComparison.Ordinal));
            var zone = new ZoneFileResolver();
            zone.AddTxt("example.test", Records[i]);
            AuditResult audit = await new DomainAuditor(zone).AuditAsync("example.test");
            bool ours = audit.Findings.Any(f => f.Code == AuditCodes.SpfSyntax);
            syntaxErrors += ours ? 1 : 0;
            if (ours != pyspfSyntax)
            {
                mismatches.Add($"'{Records[i]}': audit {(ours ? "SPF_SYNTAX" : "no syntax error")}; pyspf {theirs[0]} ({theirs[1]})");
            }
        }

        output.WriteLine($"{Records.Length} records, {syntaxErrors} with syntax errors");
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
        Assert.True(syntaxErrors >= 8, "the malformed records should be found");
    }
}
