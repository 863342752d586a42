using System.Text;
using System.Xml.Linq;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Policy;
using MailAuth.Reports;
using MailAuth.Tests.Facade;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Tests.Reports;

/// <summary>Receiver-policy decisions fed into the report store end up as the aggregate report's disposition and reason (issues 12, 13).</summary>
public sealed class PolicyDecisionReportTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private const string DmarcRecord = "v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:dmarc-reports@example.com";

    // decision table: customer settings × results → applied disposition and the report's reason (type, comment)
    public static TheoryData<string, string, string, string?> Table() => new()
    {
        { "allowlisted", "none", "local_policy", "allowlisted sender domain" },
        { "mark", "quarantine", "local_policy", "receiver action mark" },
        { "filtering-off", "none", "local_policy", "filtering off" },
        { "forwarder", "none", "trusted_forwarder", "trusted forwarder IP" },
        { "mailing-list", "none", "mailing_list", "mailing list lists.example.org" },
        { "testing", "quarantine", "policy_test_mode", null },
        { "sampled", "quarantine", "other", "sampled_out" },
        { "unknown-override", "none", "other", null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task RecordAsync_DecisionWithOverride_ReportHasDispositionAndOneReason(string row, string disposition, string type, string? comment)
    {
        (AuthenticationOutcome outcome, PolicyDecision decision) = await DecideAsync(row);
        var store = new InMemoryDmarcReportStore();
        var recorder = new DmarcReportRecorder(new DmarcReportRecorderOptions { TimeProvider = new FakeTimeProvider(Noon) });

        Assert.Equal(1, await recorder.RecordAsync(store, outcome, decision));

        XElement evaluated = await PolicyEvaluatedAsync(store, DmarcReportFormat.Rfc9990);
        Assert.Equal(disposition, Child(evaluated, "disposition")!.Value);
        XElement reason = Assert.Single(evaluated.Elements(), e => e.Name.LocalName == "reason");
        Assert.Equal(type, Child(reason, "type")!.Value);
        Assert.Equal(comment, Child(reason, "comment")?.Value);
    }

    [Fact]
    public async Task RecordAsync_SampledOutDecisionInRfc7489Format_OneSampledOutReason()
    {
        (AuthenticationOutcome outcome, PolicyDecision decision) = await DecideAsync("sampled");
        var store = new InMemoryDmarcReportStore();

        await new DmarcReportRecorder(new DmarcReportRecorderOptions { TimeProvider = new FakeTimeProvider(Noon) }).RecordAsync(store, outcome, decision);

        XElement evaluated = await PolicyEvaluatedAsync(store, DmarcReportFormat.Rfc7489);
        XElement reason = Assert.Single(evaluated.Elements("reason"));
        Assert.Equal("sampled_out", reason.Element("type")!.Value);
    }

    [Fact]
    public async Task RecordAsync_RejectDecisionWithoutOverride_RejectAndNoReason()
    {
        (AuthenticationOutcome outcome, PolicyDecision decision) = await DecideAsync("strict");
        var store = new InMemoryDmarcReportStore();

        await new DmarcReportRecorder(new DmarcReportRecorderOptions { TimeProvider = new FakeTimeProvider(Noon) }).RecordAsync(store, outcome, decision, "customer.example");

        Assert.Equal(PolicyAction.Reject, decision.Action);
        XElement evaluated = await PolicyEvaluatedAsync(store, DmarcReportFormat.Rfc9990);
        Assert.Equal("reject", Child(evaluated, "disposition")!.Value);
        Assert.DoesNotContain(evaluated.Elements(), e => e.Name.LocalName == "reason");
    }

    private static async Task<(AuthenticationOutcome, PolicyDecision)> DecideAsync(string row)
    {
        string record = row switch
        {
            "testing" => DmarcRecord + "; t=y",
            "sampled" => DmarcRecord + "; pct=0",
            _ => DmarcRecord,
        };
        string mailFrom = row == "mailing-list" ? "owner@lists.example.org" : "alice@example.com";
        var zone = new ZoneFileResolver();
        zone.LoadZone(File.ReadAllText(SampleFiles.PathOf("example.zone")).Replace(DmarcRecord, record, StringComparison.Ordinal)
            + "\nlists.example.org. IN TXT \"v=spf1 ip4:" + SampleFiles.ForgedIp + " -all\"\n");
        var options = new MessageAuthenticatorOptions { Dmarc = new DmarcOptions { Mode = row == "sampled" ? DmarcMode.Rfc7489Psl : DmarcMode.Rfc9989TreeWalk } };

        // The signed sample with its body changed: DKIM fails, SPF fails (or passes for the list's own domain), DMARC fails.
        byte[] forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(FacadeFixture.Signed()).Replace("see you tomorrow", "send the money", StringComparison.Ordinal));
        AuthenticationOutcome outcome = await new MessageAuthenticator(zone, options).AuthenticateAsync(forged, new SmtpContext(SampleFiles.ForgedIp, "mail.example.com", mailFrom));
        Assert.Equal(DmarcStatus.Fail, outcome.Dmarc.Status);

        DomainPolicySettings settings = row switch
        {
            "allowlisted" => new() { AllowedSenderDomains = ["example.com"] },
            "mark" => new() { Action = SpoofedMailAction.Mark },
            "filtering-off" => new() { Filtering = false },
            "forwarder" => new() { TrustedForwarders = [SampleFiles.ForgedIp.ToString()] },
            "mailing-list" => new() { MailingLists = ["lists.example.org"] },
            _ => new(),
        };
        var policy = new ReceiverPolicy(new ReceiverPolicySettings { Domains = new Dictionary<string, DomainPolicySettings> { ["customer.example"] = settings } });
        PolicyDecision decision = policy.Decide(outcome, "bob@customer.example");
        return (outcome, row == "unknown-override" ? decision with { Action = PolicyAction.Accept, Override = (PolicyOverride)99 } : decision);
    }

    private static async Task<XElement> PolicyEvaluatedAsync(IDmarcReportStore store, DmarcReportFormat format)
    {
        var generator = new DmarcReportGenerator(new DmarcReportGeneratorOptions { OrgName = "example.net", Email = "dmarc@example.net", Format = format });
        DmarcAggregateReport report = Assert.Single(await generator.BuildAsync(store, Noon.AddDays(-2), Noon.AddDays(2)));
        XDocument xml = XDocument.Parse(Encoding.UTF8.GetString(DmarcReportWriter.ToUtf8Bytes(report)));
        return Assert.Single(xml.Descendants(), e => e.Name.LocalName == "policy_evaluated");
    }

    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);
}
