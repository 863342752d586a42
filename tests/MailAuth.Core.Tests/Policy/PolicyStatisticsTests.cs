using MailAuth.Dmarc;
using MailAuth.Policy;
using MailAuth.Spf;
using MailAuth.Tests.Fakes;
using Xunit;

namespace MailAuth.Tests.Policy;

public sealed class PolicyStatisticsTests
{
    private static readonly PolicyInput Passing = ReceiverPolicyTests.Failing() with
    {
        Dmarc = DmarcStatus.Pass,
        Disposition = DmarcPolicy.None,
        Spf = SpfStatus.Pass,
        DkimSignatures = 1,
        DkimPassDomains = ["good.example"],
        AuthorDomain = "good.example",
    };

    private static ReceiverPolicy Hosting(PolicyStatistics statistics) => new(
        new ReceiverPolicySettings
        {
            Domains = new Dictionary<string, DomainPolicySettings>
            {
                ["customer.example"] = new(),
                ["quiet.example"] = new() { Filtering = false },
                ["marks.example"] = new() { Filtering = false, Action = SpoofedMailAction.Mark },
            },
        },
        statistics);

    [Fact]
    public void Decide_WithStatistics_CountsResultsActionsAndOverridesPerCustomerAndSenderDomain()
    {
        var statistics = new PolicyStatistics();
        ReceiverPolicy policy = Hosting(statistics);

        policy.Decide(ReceiverPolicyTests.Failing(), "bob@customer.example");
        policy.Decide(Passing, "bob@Customer.Example.");
        policy.Decide(ReceiverPolicyTests.Failing(), "carol@quiet.example");
        policy.Decide(ReceiverPolicyTests.Failing(DmarcPolicy.Quarantine), "dave@quiet.example");
        policy.Decide(ReceiverPolicyTests.Failing(), "erin@marks.example");
        policy.Decide(ReceiverPolicyTests.Failing() with { AuthorDomain = null }, "not a domain");

        PolicyStatisticsSnapshot snapshot = statistics.Snapshot();
        DomainStatistics customer = snapshot.CustomerDomains.Single(d => d.Domain == "customer.example");
        Assert.Equal(2, customer.Messages);
        Assert.Equal(1, customer.Actions["reject"]);
        Assert.Equal(1, customer.Actions["accept"]);
        Assert.Equal(1, customer.Dmarc["fail"]);
        Assert.Equal(1, customer.Dmarc["pass"]);
        Assert.Equal(1, customer.Spf["fail"]);
        Assert.Equal(1, customer.Dkim["pass"]);
        Assert.Equal(1, customer.Dkim["none"]);
        Assert.Equal(0, customer.WouldBeRejected);

        // Whom switching filtering on would hurt (guide 6.3.1.1, 6.3.2.1).
        DomainStatistics quiet = snapshot.CustomerDomains.Single(d => d.Domain == "quiet.example");
        Assert.Equal(2, quiet.Actions["accept"]);
        Assert.Equal(2, quiet.Overrides["local_policy"]);
        Assert.Equal(1, quiet.WouldBeRejected);
        Assert.Equal(1, quiet.WouldBeQuarantined);
        Assert.Equal(1, snapshot.CustomerDomains.Single(d => d.Domain == "marks.example").WouldBeQuarantined);
        Assert.Equal(1, snapshot.CustomerDomains.Single(d => d.Domain == PolicyStatistics.NoDomain).Messages);

        DomainStatistics bank = snapshot.SenderDomains.Single(d => d.Domain == "bank.example");
        Assert.Equal(4, bank.Messages);
        Assert.Equal(4, bank.Dmarc["fail"]);
        Assert.Equal(1, bank.WouldBeRejected);
        Assert.Equal(1, snapshot.SenderDomains.Single(d => d.Domain == PolicyStatistics.NoDomain).Messages);
        Assert.Equal(6, snapshot.Total.Messages);
        Assert.Equal(5, snapshot.Total.Dmarc["fail"]);
        Assert.Equal("bank.example", snapshot.SenderDomains[0].Domain);
    }

    [Fact]
    public void Decide_WithoutStatistics_SameDecisionsAsWithStatistics()
    {
        var statistics = new PolicyStatistics();
        ReceiverPolicy counted = Hosting(statistics);
        ReceiverPolicy plain = new(new ReceiverPolicySettings { Domains = new Dictionary<string, DomainPolicySettings> { ["quiet.example"] = new() { Filtering = false } } });

        foreach (string recipient in new[] { "a@quiet.example", "b@other.example" })
        {
            foreach (PolicyInput input in new[] { Passing, ReceiverPolicyTests.Failing(), ReceiverPolicyTests.Failing(DmarcPolicy.Quarantine) })
            {
                Assert.Equal(plain.Decide(input, recipient).ToString(), counted.Decide(input, recipient).ToString());
            }
        }

        Assert.Null(plain.Statistics);
        Assert.Same(statistics, counted.Statistics);
    }

    [Fact]
    public void Decide_FilteringOff_FilteredActionIsWhatTheSettingsWouldDo()
    {
        ReceiverPolicy policy = Hosting(new PolicyStatistics());

        Assert.Equal(PolicyAction.Reject, policy.Decide(ReceiverPolicyTests.Failing(), "x@quiet.example").FilteredAction);
        Assert.Equal(PolicyAction.Mark, policy.Decide(ReceiverPolicyTests.Failing(), "x@marks.example").FilteredAction);
        Assert.Equal(PolicyAction.Accept, policy.Decide(ReceiverPolicyTests.Failing(DmarcPolicy.None), "x@quiet.example").FilteredAction);
        Assert.Null(policy.Decide(ReceiverPolicyTests.Failing(), "x@customer.example").FilteredAction);
        Assert.Null(policy.Decide(Passing, "x@quiet.example").FilteredAction);
    }

    [Fact]
    public void Record_200000RandomFromDomains_TrackedDomainsStayAtTheLimitRestInOther()
    {
        // An attacker sending from ever new From domains must not grow memory: at most MaxTrackedDomains entries.
        var statistics = new PolicyStatistics(new PolicyStatisticsOptions { MaxTrackedDomains = 100 });
        PolicyDecision decision = new() { Action = PolicyAction.Reject };
        const int Messages = 200_000;
        for (int i = 0; i < Messages; i++)
        {
            statistics.Record("bob@customer.example", ReceiverPolicyTests.Failing(author: $"r{i:x}.attacker{i % 977}.example"), decision);
        }

        PolicyStatisticsSnapshot snapshot = statistics.Snapshot();
        Assert.Equal(101, snapshot.SenderDomains.Count);
        DomainStatistics other = snapshot.SenderDomains[^1];
        Assert.Equal(PolicyStatistics.OtherDomain, other.Domain);
        Assert.Equal(Messages - 100, other.Messages);
        Assert.Equal(Messages, snapshot.SenderDomains.Sum(d => d.Messages));
        Assert.Equal(Messages, snapshot.Total.Actions["reject"]);
        Assert.Equal(Messages, Assert.Single(snapshot.CustomerDomains).Messages);
    }

    [Fact]
    public async Task Record_ConcurrentWritersOfNewDomains_NeverMoreThanTheLimitAndNoCountLost()
    {
        var statistics = new PolicyStatistics(new PolicyStatisticsOptions { MaxTrackedDomains = 50 });
        PolicyDecision decision = new() { Action = PolicyAction.Accept };
        const int Threads = 4, PerThread = 20_000;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                statistics.Record($"rcpt@c{i % 200}.example", ReceiverPolicyTests.Failing(author: $"s{t}-{i % 300}.example"), decision);
            }
        })));

        PolicyStatisticsSnapshot snapshot = statistics.Snapshot();
        Assert.Equal(51, snapshot.CustomerDomains.Count);
        Assert.Equal(51, snapshot.SenderDomains.Count);
        Assert.Equal(Threads * PerThread, snapshot.CustomerDomains.Sum(d => d.Messages));
        Assert.Equal(Threads * PerThread, snapshot.SenderDomains.Sum(d => d.Messages));
        Assert.Equal(Threads * PerThread, snapshot.Total.Messages);
    }

    [Fact]
    public async Task Snapshot_ResetWhileWritersRun_EveryCountInExactlyOneSnapshot()
    {
        var statistics = new PolicyStatistics();
        PolicyDecision decision = new() { Action = PolicyAction.Quarantine };
        const int Threads = 3, PerThread = 30_000;
        Task writers = Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                statistics.Record("rcpt@customer.example", ReceiverPolicyTests.Failing(author: $"s{i % 10}.example"), decision);
            }
        })));

        long seen = 0, quarantined = 0;
        while (!writers.IsCompleted)
        {
            PolicyStatisticsSnapshot part = statistics.Snapshot(reset: true);
            seen += part.Total.Messages;
            quarantined += part.SenderDomains.Sum(d => d.Actions["quarantine"]);
            await Task.Yield();
        }

        await writers;
        PolicyStatisticsSnapshot last = statistics.Snapshot(reset: true);
        seen += last.Total.Messages;
        quarantined += last.SenderDomains.Sum(d => d.Actions["quarantine"]);
        Assert.Equal(Threads * PerThread, seen);
        Assert.Equal(Threads * PerThread, quarantined);
        Assert.Equal(0, statistics.Snapshot().Total.Messages);
        Assert.Empty(statistics.Snapshot().CustomerDomains);
    }

    [Fact]
    public void Record_ValuesOutsideTheirEnums_CountedAsMessagesNeverThrow()
    {
        var statistics = new PolicyStatistics();

        statistics.Record("x@customer.example", ReceiverPolicyTests.Failing() with { Spf = (SpfStatus)99, Dmarc = (DmarcStatus)(-1) }, new PolicyDecision { Action = (PolicyAction)42, Override = (PolicyOverride)7 });

        DomainStatistics total = statistics.Snapshot().Total;
        Assert.Equal(1, total.Messages);
        Assert.Equal(0, total.Spf.Values.Sum() + total.Dmarc.Values.Sum() + total.Actions.Values.Sum() + total.Overrides.Values.Sum());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void Constructor_MaxTrackedDomainsOutOfRange_Throws(int max)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PolicyStatistics(new PolicyStatisticsOptions { MaxTrackedDomains = max }));
        Assert.Equal("MaxTrackedDomains", e.ParamName);
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class PolicyTelemetryTests
{
    [Fact]
    public void Decide_Listened_CountsDecisionByActionAndOverrideWordsOnly()
    {
        using var capture = new TelemetryCapture();
        ReceiverPolicy policy = ReceiverPolicyTests.Policy(new DomainPolicySettings { AllowedSenderDomains = ["partner.example"] });

        policy.Decide(ReceiverPolicyTests.Failing(), "bob@customer.example");
        policy.Decide(ReceiverPolicyTests.Failing(author: "partner.example"), "bob@customer.example");

        var decisions = capture.Of("mailauth.policy.decisions").Select(m => $"{m.Tag("mailauth.policy.action")}/{m.Tag("mailauth.policy.override")}").Order().ToArray();
        Assert.Equal(["accept/local_policy", "reject/none"], decisions);
        Assert.All(capture.Of("mailauth.policy.decisions"), m => Assert.DoesNotContain(m.Tags, t => t.Value is string s && s.Contains("example", StringComparison.Ordinal)));
    }

    [Fact]
    public void Record_BeyondTheLimit_OverflowCountedPerDimension()
    {
        using var capture = new TelemetryCapture();
        var statistics = new PolicyStatistics(new PolicyStatisticsOptions { MaxTrackedDomains = 1 });

        statistics.Record("a@one.example", ReceiverPolicyTests.Failing(author: "x.example"), new PolicyDecision());
        statistics.Record("a@two.example", ReceiverPolicyTests.Failing(author: "y.example"), new PolicyDecision());
        statistics.Record("a@one.example", ReceiverPolicyTests.Failing(author: "z.example"), new PolicyDecision());

        Assert.Equal(["customer", "sender", "sender"], capture.Of("mailauth.policy.statistics.overflow").Select(m => m.Tag("mailauth.policy.dimension")).Order());
    }
}
