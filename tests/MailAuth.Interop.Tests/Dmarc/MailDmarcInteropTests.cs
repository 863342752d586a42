using System.Globalization;
using MailAuth.Dmarc;
using MailAuth.Dns;
using Xunit;
using Xunit.Abstractions;

namespace MailAuth.Interop.Tests.Dmarc;

/// <summary>
/// Our DMARC result (RFC 7489 mode, Public Suffix List) against Mail::DMARC (Debian libmail-dmarc-perl, pure Perl), for
/// generated cases of (From domain, SPF result and domain, DKIM results and domains). Both read the same zone file:
/// MailAuth.Core through <see cref="ZoneFileResolver"/>, Mail::DMARC through an in-process Net::DNS resolver built from
/// that file, so the peer runs offline. OpenDMARC is not used: its library tools need a milter or libopendmarc bindings
/// that cannot be fed SPF/DKIM results offline.
/// </summary>
public sealed class MailDmarcInteropTests
{
    private static readonly string BaseDir = AppContext.BaseDirectory;
    private static readonly string ZonePath = Path.Combine(BaseDir, "TestData", "dmarc", "interop.zone");
    private static readonly string ScriptPath = Path.Combine(BaseDir, "Dmarc", "mail-dmarc-peer.pl");

    private static readonly string[] FromDomains =
    [
        "alpha.com", "mail.alpha.com", "own.alpha.com", "beta.com", "sub.beta.com", "gamma.org", "x.gamma.org",
        "delta.co.uk", "shop.delta.co.uk", "epsilon.net", "zeta.com", "eta.org", "a.eta.org",
    ];

    private static readonly string[] OtherDomains = ["other.net", "bounce.other.net", "mail.zeta.com", "delta.co.uk", "mx.beta.com"];

    private static readonly string[] SpfResults = ["pass", "pass", "fail", "softfail", "neutral", "none", "temperror"];

    private static readonly string[] DkimResults = ["pass", "pass", "fail", "neutral"];

    private readonly ITestOutputHelper _output;

    public MailDmarcInteropTests(ITestOutputHelper output) => _output = output;

    internal sealed record Case(int Id, string From, string SpfResult, string SpfDomain, (string Result, string Domain)[] Dkim);

    // Deterministic generation: a fixed seed, identifier domains drawn from the From domain's family and unrelated ones.
    internal static List<Case> GenerateCases(int count, int seed)
    {
        var random = new Random(seed);
        var cases = new List<Case>(count);
        for (int i = 1; i <= count; i++)
        {
            string from = FromDomains[random.Next(FromDomains.Length)];
            string Identifier() => random.Next(4) switch
            {
                0 => from,
                1 => "bounce." + OrgOf(from),
                2 => OrgOf(from),
                _ => OtherDomains[random.Next(OtherDomains.Length)],
            };

            string spfResult = SpfResults[random.Next(SpfResults.Length)];
            string spfDomain = Identifier();
            var dkim = Enumerable.Range(0, random.Next(3)).Select(_ => (DkimResults[random.Next(DkimResults.Length)], Identifier())).ToArray();
            cases.Add(new Case(i, from, spfResult, spfDomain, dkim));
        }

        return cases;
    }

    private static string OrgOf(string domain)
    {
        string[] labels = domain.Split('.');
        int keep = domain.EndsWith(".co.uk", StringComparison.Ordinal) ? 3 : 2;
        return string.Join('.', labels[^keep..]);
    }

    private static async Task<string> RequirePeerAsync()
    {
        string? perl = Peers.FindOnPath("perl");
        bool available = perl is not null
            && (await Peers.RunAsync(perl, ["-MMail::DMARC::PurePerl", "-MNet::DNS::ZoneFile", "-e", "1"])).ExitCode == 0;
        Peers.Require(available, "perl with Mail::DMARC not available (apt-get install libmail-dmarc-perl; see .ci/apt/dmarc.txt)");
        return perl!;
    }

    private static async Task<Dictionary<int, (string Result, string Disposition)>> RunPeerAsync(string perl, IEnumerable<string> lines)
    {
        var run = await Peers.RunAsync(perl, [ScriptPath, ZonePath], string.Concat(lines.Select(l => l + "\n")), TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.StandardError);
        return run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .ToDictionary(f => int.Parse(f[0], CultureInfo.InvariantCulture), f => (Result: f[1], Disposition: f[2]));
    }

    // Invalid p (documented in docs/dmarc.md): RFC 7489 §6.6.3 says act as p=none when rua has a valid URI, else "no DMARC
    // processing". We report permerror for the latter. Mail::DMARC 1.20211209 rejects the record while parsing it (before
    // its own §6.6.3 code runs), so it reports fail/none in both cases, even for an aligned pass.
    [SkippableFact]
    public async Task InvalidPolicyRecords_KnownOutcomes()
    {
        string perl = await RequirePeerAsync();
        var peer = await RunPeerAsync(perl, ["1\tbad.org\tfail\tbad.org\t-", "2\tbadrua.org\tfail\tbadrua.org\t-", "3\tbadrua.org\tpass\tbadrua.org\t-"]);
        var evaluator = new DmarcEvaluator(ZoneFileResolver.FromFile(ZonePath), new DmarcOptions { Mode = DmarcMode.Rfc7489Psl });

        var bad = await evaluator.EvaluateAsync("bad.org", DmarcSpfInput.FromWord("fail", "bad.org"), []);
        Assert.Equal(("fail", "none"), peer[1]);
        Assert.Equal(DmarcStatus.PermError, bad.Status);
        Assert.Equal(DmarcPolicy.None, bad.Disposition);

        var badRua = await evaluator.EvaluateAsync("badrua.org", DmarcSpfInput.FromWord("fail", "badrua.org"), []);
        Assert.Equal(("fail", "none"), peer[2]);
        Assert.Equal(("fail", "none"), (badRua.Keyword, badRua.Disposition.ToString().ToLowerInvariant()));

        var passRua = await evaluator.EvaluateAsync("badrua.org", DmarcSpfInput.FromWord("pass", "badrua.org"), []);
        Assert.Equal(("fail", "none"), peer[3]);
        Assert.Equal(DmarcStatus.Pass, passRua.Status);
        Assert.Equal(DmarcPolicy.None, passRua.Disposition);
    }

    [SkippableFact]
    public async Task Rfc7489Mode_MatchesMailDmarc_OnGeneratedCases()
    {
        string perl = await RequirePeerAsync();

        var cases = GenerateCases(400, seed: 20261123);
        var peer = await RunPeerAsync(perl, cases.Select(c =>
            $"{c.Id}\t{c.From}\t{c.SpfResult}\t{c.SpfDomain}\t{(c.Dkim.Length == 0 ? "-" : string.Join(',', c.Dkim.Select(d => d.Result + ":" + d.Domain)))}"));
        Assert.Equal(cases.Count, peer.Count);

        var zone = ZoneFileResolver.FromFile(ZonePath);
        var evaluator = new DmarcEvaluator(zone, new DmarcOptions { Mode = DmarcMode.Rfc7489Psl });
        var mismatches = new List<string>();
        var tally = new Dictionary<string, int>();
        foreach (var c in cases)
        {
            var ours = await evaluator.EvaluateAsync(c.From, DmarcSpfInput.FromWord(c.SpfResult, c.SpfDomain),
                c.Dkim.Select(d => DmarcDkimInput.FromWord(d.Result, d.Domain, "sel")).ToArray());
            string ourDisposition = ours.Disposition.ToString().ToLowerInvariant();
            var theirs = peer[c.Id];
            string key = $"{ours.Keyword}/{ourDisposition}";
            tally[key] = tally.GetValueOrDefault(key) + 1;
            if (ours.Keyword != theirs.Result || ourDisposition != theirs.Disposition)
            {
                mismatches.Add($"case {c.Id} {c.From} spf={c.SpfResult}:{c.SpfDomain} dkim={string.Join(',', c.Dkim)}: ours {key}, Mail::DMARC {theirs.Result}/{theirs.Disposition}");
            }
        }

        _output.WriteLine($"{cases.Count} cases compared; outcomes: {string.Join(", ", tally.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}"))}");
        foreach (string m in mismatches)
        {
            _output.WriteLine(m);
        }

        Assert.True(tally.Count >= 4, "the generated cases should cover pass, fail and none outcomes with several dispositions");
        Assert.Empty(mismatches);
    }
}
