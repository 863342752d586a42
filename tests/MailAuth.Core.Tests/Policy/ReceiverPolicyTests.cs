using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Dmarc;
using MailAuth.Policy;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Policy;

public sealed class ReceiverPolicyTests
{
    private const string Customer = "customer.example";

    internal static PolicyInput Failing(DmarcPolicy disposition = DmarcPolicy.Reject, string author = "bank.example", string ip = "203.0.113.9")
        => new()
        {
            Dmarc = DmarcStatus.Fail,
            Disposition = disposition,
            RequestedPolicy = disposition,
            AuthorDomain = author,
            Spf = SpfStatus.Fail,
            SpfDomain = "evil.example",
            ClientIp = IPAddress.Parse(ip),
        };

    internal static ReceiverPolicy Policy(DomainPolicySettings customer, DomainPolicySettings? fallback = null)
        => new(new ReceiverPolicySettings
        {
            Default = fallback ?? new DomainPolicySettings(),
            Domains = new Dictionary<string, DomainPolicySettings> { [Customer] = customer },
        });

    private static readonly DomainPolicySettings Strict = new() { Action = SpoofedMailAction.FollowDmarc };

    private static readonly DomainPolicySettings Everything = new()
    {
        AllowedSenderDomains = ["partner.example", "*.trusted.example"],
        AllowedIpRanges = ["192.0.2.0/24", "2001:db8::/32"],
        TrustedForwarders = ["198.51.100.7"],
        TrustedArcSealers = ["arc.example"],
        MailingLists = ["lists.example.org"],
    };

    public static TheoryData<string, PolicyInput, ArcEvidence?, PolicyAction, PolicyOverride> Table() => new()
    {
        // settings × results → decision and override reason
        { "strict", Failing(DmarcPolicy.Reject), null, PolicyAction.Reject, PolicyOverride.None },
        { "strict", Failing(DmarcPolicy.Quarantine), null, PolicyAction.Quarantine, PolicyOverride.None },
        { "strict", Failing(DmarcPolicy.None), null, PolicyAction.Accept, PolicyOverride.None },
        { "strict", Failing(DmarcPolicy.Quarantine) with { TestingMode = true, RequestedPolicy = DmarcPolicy.Reject }, null, PolicyAction.Quarantine, PolicyOverride.PolicyTestMode },
        { "strict", Failing(DmarcPolicy.None) with { TestingMode = true, RequestedPolicy = DmarcPolicy.Quarantine }, null, PolicyAction.Accept, PolicyOverride.PolicyTestMode },
        { "strict", Failing(DmarcPolicy.Quarantine) with { SampledOut = true, RequestedPolicy = DmarcPolicy.Reject }, null, PolicyAction.Quarantine, PolicyOverride.SampledOut },
        { "strict", Failing(DmarcPolicy.None) with { SampledOut = true }, null, PolicyAction.Accept, PolicyOverride.SampledOut },
        { "strict", Failing() with { Dmarc = DmarcStatus.Pass, Disposition = DmarcPolicy.None }, null, PolicyAction.Accept, PolicyOverride.None },
        { "strict", Failing() with { Dmarc = DmarcStatus.None, Disposition = DmarcPolicy.None }, null, PolicyAction.Accept, PolicyOverride.None },
        { "strict", Failing() with { Dmarc = DmarcStatus.TempError, Disposition = DmarcPolicy.None }, null, PolicyAction.Accept, PolicyOverride.None },
        { "strict", Failing() with { Dmarc = DmarcStatus.PermError, Disposition = DmarcPolicy.Reject }, null, PolicyAction.Reject, PolicyOverride.None },
        { "mark", Failing(DmarcPolicy.Reject), null, PolicyAction.Mark, PolicyOverride.LocalPolicy },
        { "mark", Failing(DmarcPolicy.Quarantine), null, PolicyAction.Mark, PolicyOverride.None },
        { "quarantine", Failing(DmarcPolicy.Reject), null, PolicyAction.Quarantine, PolicyOverride.LocalPolicy },
        { "reject", Failing(DmarcPolicy.Quarantine), null, PolicyAction.Reject, PolicyOverride.None },
        { "discard", Failing(DmarcPolicy.Reject) with { AuthorDomain = "bank.example" }, null, PolicyAction.Discard, PolicyOverride.None },
        { "off", Failing(DmarcPolicy.Reject), null, PolicyAction.Accept, PolicyOverride.LocalPolicy },
        { "off", Failing() with { Dmarc = DmarcStatus.Pass, Disposition = DmarcPolicy.None }, null, PolicyAction.Accept, PolicyOverride.None },
        { "allow", Failing(DmarcPolicy.Reject, author: "partner.example"), null, PolicyAction.Accept, PolicyOverride.LocalPolicy },
        { "allow", Failing(DmarcPolicy.Reject, author: "mail.trusted.example"), null, PolicyAction.Accept, PolicyOverride.LocalPolicy },
        { "allow", Failing(DmarcPolicy.Reject, ip: "192.0.2.200"), null, PolicyAction.Accept, PolicyOverride.LocalPolicy },
        { "allow", Failing(DmarcPolicy.Reject, ip: "2001:db8::25"), null, PolicyAction.Accept, PolicyOverride.LocalPolicy },
        { "allow", Failing(DmarcPolicy.Reject, ip: "::ffff:192.0.2.1"), null, PolicyAction.Accept, PolicyOverride.LocalPolicy },
        { "allow", Failing(DmarcPolicy.Reject, ip: "198.51.100.7"), null, PolicyAction.Accept, PolicyOverride.TrustedForwarder },
        { "allow", Failing(DmarcPolicy.Reject), new ArcEvidence(true, [new ArcSealerEvidence("arc.example", 1, DmarcStatus.Pass)]), PolicyAction.Accept, PolicyOverride.TrustedForwarder },
        { "allow", Failing(DmarcPolicy.Reject), new ArcEvidence(false, [new ArcSealerEvidence("arc.example", 1, DmarcStatus.Pass)]), PolicyAction.Reject, PolicyOverride.None },
        { "allow", Failing(DmarcPolicy.Reject), new ArcEvidence(true, [new ArcSealerEvidence("arc.example", 1, DmarcStatus.Fail)]), PolicyAction.Reject, PolicyOverride.None },
        { "allow", Failing(DmarcPolicy.Reject), new ArcEvidence(true, [new ArcSealerEvidence("arc.example", 1, null)]), PolicyAction.Reject, PolicyOverride.None },
        { "allow", Failing(DmarcPolicy.Reject), new ArcEvidence(true, [new ArcSealerEvidence("other-arc.example", 2, DmarcStatus.Pass)]), PolicyAction.Reject, PolicyOverride.None },
        { "allow", Failing(DmarcPolicy.Reject), new ArcEvidence(true, [new ArcSealerEvidence("x.example", 1, DmarcStatus.Fail), new ArcSealerEvidence("ARC.example.", 2, DmarcStatus.Pass)]), PolicyAction.Accept, PolicyOverride.TrustedForwarder },
        { "allow", Failing(DmarcPolicy.Reject) with { Spf = SpfStatus.Pass, SpfDomain = "bounces.lists.example.org" }, null, PolicyAction.Accept, PolicyOverride.MailingList },
        { "allow", Failing(DmarcPolicy.Reject) with { DkimPassDomains = ["lists.example.org"] }, null, PolicyAction.Accept, PolicyOverride.MailingList },
        { "allow", Failing(DmarcPolicy.Reject) with { Spf = SpfStatus.Fail, SpfDomain = "lists.example.org" }, null, PolicyAction.Reject, PolicyOverride.None },
    };

    private static ReceiverPolicy ForSetting(string name) => Policy(name switch
    {
        "mark" => new DomainPolicySettings { Action = SpoofedMailAction.Mark, SubjectTag = "[SPOOFED]" },
        "quarantine" => new DomainPolicySettings { Action = SpoofedMailAction.Quarantine },
        "reject" => new DomainPolicySettings { Action = SpoofedMailAction.Reject },
        "discard" => new DomainPolicySettings { Action = SpoofedMailAction.Discard },
        "off" => new DomainPolicySettings { Filtering = false },
        "allow" => Everything,
        _ => Strict,
    });

    [Theory]
    [MemberData(nameof(Table))]
    public void Decide_DecisionTable_GivesActionAndOverride(string settings, PolicyInput input, ArcEvidence? arc, PolicyAction action, PolicyOverride why)
    {
        PolicyDecision decision = ForSetting(settings).Decide(input, "user@" + Customer, arc);
        Assert.Equal(action, decision.Action);
        Assert.Equal(why, decision.Override);
        Assert.Equal(Customer, decision.PolicyDomain);
        Assert.Equal(action == PolicyAction.Reject, decision.SmtpReply is { Code: 550 });
    }

    [Fact]
    public void Decide_Mark_AddsHeaderAndSubjectTag()
    {
        PolicyDecision decision = ForSetting("mark").Decide(Failing(), Customer);
        PolicyHeader header = Assert.Single(decision.HeadersToAdd);
        Assert.Equal("X-MailAuth-Spoofed: dmarc=fail header.from=bank.example policy=reject", header.ToString());
        Assert.Equal("[SPOOFED] Your account", decision.ApplySubjectTag("Your account"));
        Assert.Equal("[SPOOFED] Your account", decision.ApplySubjectTag("[SPOOFED] Your account"));
        Assert.Equal(DmarcPolicy.Quarantine, decision.AppliedDisposition);
        Assert.Equal("local_policy", decision.OverrideKeyword);
    }

    [Fact]
    public void Decide_Discard_Gives250AndRejectDisposition()
    {
        PolicyDecision decision = ForSetting("discard").Decide(Failing() with { NullReversePath = true }, Customer);
        Assert.Equal("250 2.0.0 OK", decision.SmtpReply!.ToString());
        Assert.Equal(DmarcPolicy.Reject, decision.AppliedDisposition);
    }

    [Fact]
    public void Decide_UnknownRecipientDomain_UsesDefault()
    {
        ReceiverPolicy policy = Policy(new DomainPolicySettings { Filtering = false }, new DomainPolicySettings { Action = SpoofedMailAction.Quarantine });
        PolicyDecision decision = policy.Decide(Failing(), "someone@other.example");
        Assert.Equal(PolicyAction.Quarantine, decision.Action);
        Assert.Equal("*", decision.PolicyDomain);
        Assert.Equal(PolicyAction.Accept, policy.Decide(Failing(), "CUSTOMER.EXAMPLE.").Action);
    }

    [Fact]
    public void Decide_SubdomainOfCustomer_DoesNotInheritSettings()
        => Assert.Equal("*", Policy(new DomainPolicySettings { Filtering = false }).Decide(Failing(), "x@sub." + Customer).PolicyDomain);

    [Theory]
    [InlineData(SpfStatus.Fail, 0, false, false, "5.7.26")]
    [InlineData(SpfStatus.SoftFail, 1, false, false, "5.7.26")]
    [InlineData(SpfStatus.Pass, 0, false, false, "5.7.20")]
    [InlineData(SpfStatus.None, 2, false, false, "5.7.20")]
    [InlineData(SpfStatus.Fail, 1, true, false, "5.7.22")]
    [InlineData(SpfStatus.Fail, 1, false, true, "5.7.21")]
    public void Decide_Reject_ChoosesRfc7372Code(SpfStatus spf, int signatures, bool dkimPassUnaligned, bool unacceptable, string code)
    {
        PolicyInput input = Failing() with
        {
            Spf = spf,
            DkimSignatures = signatures,
            DkimPassDomains = dkimPassUnaligned ? ["other.example"] : [],
            DkimUnacceptable = unacceptable,
        };
        Assert.Equal(code, Policy(Strict).Decide(input, Customer).SmtpReply!.EnhancedCode);
    }

    [Fact]
    public void Decide_PermErrorReject_Uses571()
        => Assert.Equal("5.7.1", Policy(Strict).Decide(Failing() with { Dmarc = DmarcStatus.PermError }, Customer).SmtpReply!.EnhancedCode);

    [Fact]
    public void Decide_CustomRejectCodeAndText_AreUsed()
    {
        PolicyDecision decision = Policy(new DomainPolicySettings { RejectCode = 554, RejectText = "Go away" }).Decide(Failing(), Customer);
        Assert.Equal("554 5.7.26 Go away", decision.SmtpReply!.ToString());
    }

    [Theory]
    [InlineData("bank.example\r\nBcc: victim@example.org")]
    [InlineData("bank.example\nX-Injected: 1")]
    [InlineData("bänk.example\u2028x")]
    public void Decide_ControlCharactersInAuthorDomain_NeverReachReplyOrHeader(string author)
    {
        PolicyInput input = Failing(author: author);
        foreach (SpoofedMailAction action in new[] { SpoofedMailAction.Reject, SpoofedMailAction.Mark })
        {
            PolicyDecision decision = Policy(new DomainPolicySettings { Action = action }).Decide(input, Customer);
            string all = decision.Reason + decision.SmtpReply + string.Join("", decision.HeadersToAdd.Select(h => h.ToString()));
            Assert.DoesNotContain('\r', all);
            Assert.DoesNotContain('\n', all);
            Assert.True(all.All(c => c is >= ' ' and <= '~'), all);
        }
    }

    [Theory]
    [InlineData("partner.example.evil.example")] // suffix confusion
    [InlineData("evilpartner.example")] // no dot boundary
    [InlineData("partner-example.com")]
    [InlineData("partner.examp1e")] // look-alike
    [InlineData("pаrtner.example")] // Cyrillic "а": becomes an xn-- label
    [InlineData("sub.partner.example")] // exact entry does not cover subdomains
    [InlineData("trusted.example")] // *.trusted.example does not cover the parent
    [InlineData("nottrusted.example")]
    [InlineData("partner.example\u0000")]
    [InlineData("")]
    public void Decide_LookAlikeOrSubdomainConfusion_IsNotAllowlisted(string author)
    {
        PolicyDecision decision = Policy(Everything).Decide(Failing(author: author), Customer);
        Assert.Equal(PolicyAction.Reject, decision.Action);
    }

    [Theory]
    [InlineData("PARTNER.EXAMPLE")]
    [InlineData("partner.example.")]
    [InlineData("deep.mail.trusted.example")]
    public void Decide_CaseAndTrailingDot_StillAllowlisted(string author)
        => Assert.Equal(PolicyOverride.LocalPolicy, Policy(Everything).Decide(Failing(author: author), Customer).Override);

    [Theory]
    [InlineData("192.0.3.1")]
    [InlineData("198.51.100.8")]
    [InlineData("2001:db9::1")]
    public void Decide_IpOutsideRanges_IsNotAllowlisted(string ip)
        => Assert.Equal(PolicyAction.Reject, Policy(Everything).Decide(Failing(ip: ip), Customer).Action);

    [Fact]
    public void Decide_MailingListByListIdOnly_IsNotTrusted()
    {
        // Only authenticated identities name a list: an unauthenticated envelope domain of the list does not count.
        PolicyInput forged = Failing() with { Spf = SpfStatus.SoftFail, SpfDomain = "lists.example.org", DkimPassDomains = ["evil.example"] };
        Assert.Equal(PolicyAction.Reject, Policy(Everything).Decide(forged, Customer).Action);
    }

    [Fact]
    public void Decide_ArcSealerNotTrustedForThisCustomer_DoesNotOverride()
    {
        var arc = new ArcEvidence(true, [new ArcSealerEvidence("arc.example", 1, DmarcStatus.Pass)]);
        ReceiverPolicy policy = Policy(Everything);
        Assert.Equal(PolicyAction.Reject, policy.Decide(Failing(), "x@other.example", arc).Action);
    }

    [Fact]
    public void Decide_ArcSealerWithBadInstance_DoesNotOverride()
    {
        var arc = new ArcEvidence(true, [new ArcSealerEvidence("arc.example", 0, DmarcStatus.Pass), new ArcSealerEvidence("arc.example", 51, DmarcStatus.Pass)]);
        Assert.Equal(PolicyAction.Reject, Policy(Everything).Decide(Failing(), Customer, arc).Action);
    }

    private static readonly Gen<PolicyInput> Inputs =
        from dmarc in Gen.Elements(Enum.GetValues<DmarcStatus>())
        from disposition in Gen.Elements(Enum.GetValues<DmarcPolicy>())
        from testing in ArbMap.Default.GeneratorFor<bool>()
        from sampled in ArbMap.Default.GeneratorFor<bool>()
        from spf in Gen.Elements(Enum.GetValues<SpfStatus>())
        from author in Gen.Elements("partner.example", "PARTNER.example.", "a.trusted.example", "bank.example", "evil.example", "x")
        select Failing(disposition, author) with { Dmarc = dmarc, TestingMode = testing, SampledOut = sampled, Spf = spf };

    private static readonly Gen<SpoofedMailAction> Actions = Gen.Elements(Enum.GetValues<SpoofedMailAction>());

    [Property(MaxTest = 2000)]
    public Property Decide_AllowlistedSender_IsNeverRejected()
        => Prop.ForAll(Inputs.ToArbitrary(), Actions.ToArbitrary(), (input, action) =>
        {
            var settings = new DomainPolicySettings { Action = action, AllowedSenderDomains = ["partner.example", "*.trusted.example"] };
            PolicyDecision decision = Policy(settings).Decide(input, Customer);
            bool allowlisted = input.AuthorDomain is "partner.example" or "PARTNER.example." or "a.trusted.example";
            return !allowlisted || decision.Action == PolicyAction.Accept;
        });

    [Property(MaxTest = 2000)]
    public Property Decide_RejectDispositionWithoutOverride_IsNeverAccepted()
        => Prop.ForAll(Inputs.ToArbitrary(), Actions.ToArbitrary(), (input, action) =>
        {
            // Fail closed: with filtering on and no allowlist, nothing in the results turns p=reject into delivery unmarked.
            PolicyDecision decision = Policy(new DomainPolicySettings { Action = action }).Decide(input, Customer);
            return input.Disposition == DmarcPolicy.None || decision.Action != PolicyAction.Accept;
        });
}
