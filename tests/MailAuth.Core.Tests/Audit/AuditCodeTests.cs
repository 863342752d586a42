using System.Net;
using System.Reflection;
using MailAuth.Audit;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Tests.Audit;

/// <summary>One zone per finding code: each row changes the green base so that exactly the problem named appears.</summary>
public sealed class AuditCodeTests
{
    private const string EspZone = """
        bounce.esp.test. TXT "v=spf1 ip4:203.0.113.0/24 -all"
        """;

    // 40 ip4 terms in strings of 10 terms each: about 690 octets, every string under 255.
    private static readonly string LongSpf = "\"v=spf1\" " + string.Join(' ', Enumerable.Range(0, 4).Select(chunk =>
        "\" " + string.Join(' ', Enumerable.Range((chunk * 10) + 1, 10).Select(i => $"ip4:198.51.100.{i}")) + "\"")) + " \" ip4:192.0.2.0/24 -all\"";

    public static TheoryData<string, AuditSeverity, string, string, string> Cases() => new()
    {
        { AuditCodes.NoProfile, AuditSeverity.Info, "", "none", "" },
        { AuditCodes.SpfNone, AuditSeverity.Warning, "@ TXT DELETE", "default", "" },
        { AuditCodes.SpfMultiple, AuditSeverity.Error, "@ TXT \"v=spf1 -all\"\n@ TXT \"v=spf1 ip4:192.0.2.0/24 -all\"", "default", "" },
        { AuditCodes.SpfSyntax, AuditSeverity.Error, "@ TXT \"v=spf1 ip4:192.0.2.0/24 foo:bar -all\"", "default", "" },
        { AuditCodes.SpfTypeOnly, AuditSeverity.Error, "@ TXT DELETE\n@ SPF \"v=spf1 ip4:192.0.2.0/24 -all\"", "default", "" },
        { AuditCodes.SpfTypeObsolete, AuditSeverity.Info, "@ SPF \"v=spf1 ip4:192.0.2.0/24 -all\"", "default", "" },
        { AuditCodes.SpfTooManyLookups, AuditSeverity.Error, "@ TXT \"v=spf1 include:i1.example.test include:i2.example.test ip4:192.0.2.0/24 -all\"\ni1 TXT \"v=spf1 a:h.example.test a:h.example.test a:h.example.test a:h.example.test a:h.example.test\"\ni2 TXT \"v=spf1 a:h.example.test a:h.example.test a:h.example.test a:h.example.test a:h.example.test\"\nh A 198.51.100.1", "default", "" },
        { AuditCodes.SpfLookupsNearLimit, AuditSeverity.Warning, "@ TXT \"v=spf1 include:i1.example.test ip4:192.0.2.0/24 -all\"\ni1 TXT \"v=spf1 a:h.example.test a:h.example.test a:h.example.test a:h.example.test a:h.example.test a:h.example.test a:h.example.test\"\nh A 198.51.100.1", "default", "" },
        { AuditCodes.SpfVoidLookups, AuditSeverity.Warning, "@ TXT \"v=spf1 a:gone.example.test ip4:192.0.2.0/24 -all\"", "default", "" },
        { AuditCodes.SpfIncludeLoop, AuditSeverity.Error, "@ TXT \"v=spf1 ip4:192.0.2.0/24 include:loop.example.test -all\"\nloop TXT \"v=spf1 include:example.test\"", "default", "" },
        { AuditCodes.SpfIncludeBroken, AuditSeverity.Error, "@ TXT \"v=spf1 ip4:192.0.2.0/24 include:nothing.example.test -all\"", "default", "" },
        { AuditCodes.SpfIncludeTooDeep, AuditSeverity.Warning, "@ TXT \"v=spf1 include:d1.example.test ip4:192.0.2.0/24 -all\"\nd1 TXT \"v=spf1 include:d2.example.test\"\nd2 TXT \"v=spf1 ip4:198.51.100.9\"", "default", "depth1" },
        { AuditCodes.SpfMacroTarget, AuditSeverity.Info, "@ TXT \"v=spf1 exists:%{i}.spf.example.test ip4:192.0.2.0/24 -all\"", "default", "" },
        { AuditCodes.SpfPassAll, AuditSeverity.Error, "@ TXT \"v=spf1 +all\"", "default", "" },
        { AuditCodes.SpfNeutralAll, AuditSeverity.Warning, "@ TXT \"v=spf1 ip4:192.0.2.0/24 ?all\"", "default", "" },
        { AuditCodes.SpfNoAll, AuditSeverity.Warning, "@ TXT \"v=spf1 ip4:192.0.2.0/24\"", "default", "" },
        { AuditCodes.SpfPtr, AuditSeverity.Warning, "@ TXT \"v=spf1 ip4:192.0.2.0/24 ptr -all\"", "default", "" },
        { AuditCodes.SpfRedirectIgnored, AuditSeverity.Warning, "@ TXT \"v=spf1 ip4:192.0.2.0/24 -all redirect=_spf.example.test\"\n_spf TXT \"v=spf1 -all\"", "default", "" },
        { AuditCodes.SpfDelegation, AuditSeverity.Info, "@ TXT \"v=spf1 redirect=_spf.example.test\"\n_spf TXT \"v=spf1 ip4:192.0.2.0/24 -all\"", "default", "" },
        { AuditCodes.SpfRecordTooLong, AuditSeverity.Warning, "@ TXT " + LongSpf, "default", "" },
        { AuditCodes.SpfProfileIpFails, AuditSeverity.Error, "", "ip203", "" },
        { AuditCodes.SpfProfileIpPasses, AuditSeverity.Info, "", "default", "" },
        { AuditCodes.FromSpfIpFails, AuditSeverity.Warning, "", "esp", "esp" },
        { AuditCodes.DkimKeyMissing, AuditSeverity.Error, "", "s9", "" },
        { AuditCodes.DkimKeyMultiple, AuditSeverity.Error, "s1._domainkey TXT {RSA2048}\ns1._domainkey TXT {ED25519}", "default", "" },
        { AuditCodes.DkimKeySyntax, AuditSeverity.Error, "s1._domainkey TXT \"v=DKIM1; k=rsa; p=!!!\"", "default", "" },
        { AuditCodes.DkimKeyRevoked, AuditSeverity.Error, "s1._domainkey TXT \"v=DKIM1; p=\"", "default", "" },
        { AuditCodes.DkimRsaTooSmall, AuditSeverity.Error, "s1._domainkey TXT {RSA512}", "default", "" },
        { AuditCodes.DkimRsaWeak, AuditSeverity.Warning, "s1._domainkey TXT {RSA1024}", "default", "" },
        { AuditCodes.DkimKeyOk, AuditSeverity.Info, "", "default", "" },
        { AuditCodes.DkimTesting, AuditSeverity.Warning, "s1._domainkey TXT \"v=DKIM1; t=y; p={P2048}\"", "default", "" },
        { AuditCodes.DkimSha1Only, AuditSeverity.Error, "s1._domainkey TXT \"v=DKIM1; h=sha1; p={P2048}\"", "default", "" },
        { AuditCodes.DkimNotEmail, AuditSeverity.Error, "s1._domainkey TXT \"v=DKIM1; s=tlsrpt; p={P2048}\"", "default", "" },
        { AuditCodes.DkimDualSigning, AuditSeverity.Info, "", "default", "" },
        { AuditCodes.DkimEd25519Only, AuditSeverity.Warning, "", "s2", "" },
        { AuditCodes.DkimRotationPlan, AuditSeverity.Info, "", "rotate", "" },
        { AuditCodes.DmarcNone, AuditSeverity.Warning, "_dmarc TXT DELETE", "default", "" },
        { AuditCodes.DmarcMultiple, AuditSeverity.Error, "_dmarc TXT \"v=DMARC1; p=reject\"\n_dmarc TXT \"v=DMARC1; p=none\"", "default", "" },
        { AuditCodes.DmarcSyntax, AuditSeverity.Warning, "_dmarc TXT \"v=DMARC1; p=reject; np=reject; adkim=x; rua=mailto:dmarc@example.test\"", "default", "" },
        { AuditCodes.DmarcPolicyInvalid, AuditSeverity.Error, "_dmarc TXT \"v=DMARC1; p=bogus; rua=mailto:dmarc@example.test\"", "default", "" },
        { AuditCodes.DmarcDiscoveryDiffers, AuditSeverity.Warning, "", "default", "psd" },
        { AuditCodes.DmarcInherited, AuditSeverity.Info, "", "none", "sub" },
        { AuditCodes.DmarcMonitoring, AuditSeverity.Warning, "_dmarc TXT \"v=DMARC1; p=none; rua=mailto:dmarc@example.test\"", "default", "" },
        { AuditCodes.DmarcEnforced, AuditSeverity.Info, "", "default", "" },
        { AuditCodes.DmarcPercentage, AuditSeverity.Warning, "_dmarc TXT \"v=DMARC1; p=reject; np=reject; pct=50; rua=mailto:dmarc@example.test\"", "default", "" },
        { AuditCodes.DmarcTesting, AuditSeverity.Warning, "_dmarc TXT \"v=DMARC1; p=reject; np=reject; t=y; rua=mailto:dmarc@example.test\"", "default", "" },
        { AuditCodes.DmarcNoRua, AuditSeverity.Warning, "_dmarc TXT \"v=DMARC1; p=reject; np=reject\"", "default", "" },
        { AuditCodes.DmarcReportUnauthorized, AuditSeverity.Warning, "_dmarc TXT \"v=DMARC1; p=reject; np=reject; rua=mailto:agg@reports.other.test\"", "default", "" },
        { AuditCodes.DmarcSubdomainWeaker, AuditSeverity.Warning, "_dmarc TXT \"v=DMARC1; p=reject; sp=none; np=reject; rua=mailto:dmarc@example.test\"", "default", "" },
        { AuditCodes.DmarcNpAbsent, AuditSeverity.Info, "_dmarc TXT \"v=DMARC1; p=reject; rua=mailto:dmarc@example.test\"", "default", "" },
        { AuditCodes.DmarcProfileFails, AuditSeverity.Error, "", "ip203-s9", "" },
        { AuditCodes.DmarcProfilePasses, AuditSeverity.Info, "", "default", "" },
        { AuditCodes.DmarcSingleAlignment, AuditSeverity.Info, "", "esp", "esp" },
        { AuditCodes.DnsFailure, AuditSeverity.Error, "", "default", "servfail" },
        { AuditCodes.DnsTtlLong, AuditSeverity.Warning, "@ TXT DELETE\n@ 172800 TXT \"v=spf1 ip4:192.0.2.0/24 -all\"", "default", "" },
        { AuditCodes.DnsTtlShort, AuditSeverity.Warning, "@ TXT DELETE\n@ 60 TXT \"v=spf1 ip4:192.0.2.0/24 -all\"", "default", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AuditAsync_ZoneWithCase_ReportsCode(string code, AuditSeverity severity, string records, string profile, string setup)
    {
        AuditResult result = await RunAsync(records, profile, setup);

        AuditFinding? finding = result.Findings.FirstOrDefault(f => f.Code == code);
        Assert.True(finding is not null, $"{code} missing; got:\n{string.Join('\n', result.Findings)}");
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(AuditResult.SignalOf(result.Findings), result.Signal);
    }

    [Fact]
    public void Cases_CoverEveryCode_AndDocsListThem()
    {
        string[] codes = [.. typeof(AuditCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!)];
        var covered = Cases().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        // Covered by their own tests: invalid domain, incomplete (budget), long strings (API-built zone), slow answers (fake clock).
        covered.UnionWith([AuditCodes.InvalidDomain, AuditCodes.Incomplete, AuditCodes.TxtStringTooLong, AuditCodes.DnsSlow]);
        Assert.DoesNotContain(codes, c => !covered.Contains(c));
        Assert.Equal(codes.Length, codes.Distinct().Count());

        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "audit.md"));
        Assert.DoesNotContain(codes, c => !docs.Contains("`" + c + "`", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditAsync_SpfSyntaxError_PositionPointsAtTerm()
    {
        AuditResult result = await RunAsync("@ TXT \"v=spf1 ip4:192.0.2.0/24 foo:bar -all\"", "default", "");

        AuditFinding finding = result.Findings.Single(f => f.Code == AuditCodes.SpfSyntax);
        Assert.Equal("v=spf1 ip4:192.0.2.0/24 foo:bar -all".IndexOf("foo", StringComparison.Ordinal), finding.Position);
        Assert.Equal(AuditSignal.Red, result.Signal);
    }

    [Fact]
    public async Task AuditAsync_PassAll_PositionPointsAtAll()
    {
        AuditResult result = await RunAsync("@ TXT \"v=spf1 ip4:192.0.2.0/24 +all\"", "default", "");

        Assert.Equal(24, result.Findings.Single(f => f.Code == AuditCodes.SpfPassAll).Position);
    }

    [Fact]
    public async Task AuditAsync_DmarcPct_PositionPointsAtTag()
    {
        const string record = "v=DMARC1; p=reject; np=reject; pct=50; rua=mailto:dmarc@example.test";
        AuditResult result = await RunAsync($"_dmarc TXT \"{record}\"", "default", "");

        Assert.Equal(record.IndexOf("pct", StringComparison.Ordinal), result.Findings.Single(f => f.Code == AuditCodes.DmarcPercentage).Position);
    }

    [Fact]
    public async Task AuditAsync_InvalidDomain_RedWithoutQueries()
    {
        var zone = AuditZones.Resolver(string.Empty);
        AuditResult result = await new DomainAuditor(zone).AuditAsync("exa mple..test\r\nX-Evil: 1");

        Assert.Equal(AuditSignal.Red, result.Signal);
        Assert.Equal(AuditCodes.InvalidDomain, Assert.Single(result.Findings).Code);
        Assert.DoesNotContain('\n', result.Findings[0].Message);
        Assert.DoesNotContain('\n', result.Domain);
        Assert.Equal(0, zone.QueryCount);
    }

    [Fact]
    public async Task AuditAsync_StringOver255Octets_ReportsPositionOfString()
    {
        var zone = AuditZones.Resolver("@ TXT DELETE");
        string first = "v=spf1 ip4:192.0.2.0/24 ";
        string second = string.Concat(Enumerable.Repeat("ip4:198.51.100.1 ", 20)) + "-all";
        zone.AddTxt("example.test", new TxtRecord(first, second));

        AuditResult result = await new DomainAuditor(zone).AuditAsync(AuditZones.Domain, AuditZones.Profile());

        AuditFinding finding = result.Findings.Single(f => f.Code == AuditCodes.TxtStringTooLong);
        Assert.Equal(first.Length, finding.Position);
        Assert.Equal(AuditSignal.Red, result.Signal);
    }

    internal static Task<AuditResult> RunAsync(string records, string profile, string setup)
    {
        ZoneFileResolver zone = AuditZones.Resolver(records, extraZone: setup switch
        {
            "esp" => EspZone,
            "psd" => "_dmarc.test. TXT \"v=DMARC1; p=none\"",
            _ => null,
        });
        if (setup == "servfail")
        {
            zone.SetFault("_dmarc.example.test", DnsStatus.ServerFailure);
        }

        var options = setup == "depth1" ? new DomainAuditorOptions { MaxIncludeDepth = 1 } : null;
        AuditSendingProfile? sending = profile switch
        {
            "none" => null,
            "ip203" => AuditZones.Profile(ip: "203.0.113.5"),
            "ip203-s9" => AuditZones.Profile(ip: "203.0.113.5", selectors: ["s9"]),
            "esp" => AuditZones.Profile(envelope: "bounce.esp.test", selectors: ["s1"], ip: "203.0.113.5"),
            "s9" => AuditZones.Profile(selectors: ["s9"]),
            "s2" => AuditZones.Profile(selectors: ["s2"]),
            "rotate" => AuditZones.Profile(selectors: ["s1"], next: "s3"),
            _ => AuditZones.Profile(),
        };
        string domain = setup == "sub" ? "mail.example.test" : AuditZones.Domain;
        return new DomainAuditor(zone, options).AuditAsync(domain, sending).AsTask();
    }

    internal static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MailAuth.Core.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root not found");
    }
}
