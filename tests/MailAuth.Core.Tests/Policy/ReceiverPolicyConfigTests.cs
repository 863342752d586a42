using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Policy;
using Xunit;

namespace MailAuth.Tests.Policy;

public sealed class ReceiverPolicyConfigTests
{
    private const string Json = """
        {
          // appsettings-style comments are allowed
          "MailAuth": {
            "ReceiverPolicy": {
              "Default": { "Action": "FollowDmarc" },
              "Domains": {
                "customer.example": {
                  "Filtering": true,
                  "action": "mark",
                  "SubjectTag": "[SPOOFED]",
                  "MarkHeader": "X-Spoofed",
                  "AllowedSenderDomains": ["partner.example"],
                  "AllowedIpRanges": ["192.0.2.0/24"],
                  "TrustedForwarders": ["198.51.100.7"],
                  "TrustedArcSealers": ["arc.example"],
                  "MailingLists": ["lists.example.org"]
                },
                "quiet.example": { "Filtering": "false" }
              }
            }
          }
        }
        """;

    [Fact]
    public void TryLoad_AppSettingsSection_LoadsEveryKey()
    {
        Assert.True(ReceiverPolicyJson.TryLoad(Json, "MailAuth:ReceiverPolicy", out ReceiverPolicySettings? settings, out var errors), string.Join("\n", errors));
        DomainPolicySettings customer = settings.Domains["customer.example"];
        Assert.Equal(SpoofedMailAction.Mark, customer.Action);
        Assert.Equal("[SPOOFED]", customer.SubjectTag);
        Assert.Equal("X-Spoofed", customer.MarkHeader);
        Assert.Equal(["partner.example"], customer.AllowedSenderDomains);
        Assert.Equal(["198.51.100.7"], customer.TrustedForwarders);
        Assert.False(settings.Domains["quiet.example"].Filtering);
        var policy = new ReceiverPolicy(settings);
        Assert.Equal(PolicyAction.Mark, policy.Decide(ReceiverPolicyTests.Failing(), "customer.example").Action);
    }

    [Theory]
    [InlineData("""{"Domains":{"customer.example":{"Action":"Bounce"}}}""", "customer.example", "Action")]
    [InlineData("""{"Domains":{"customer.example":{"Action":"2"}}}""", "customer.example", "Action")]
    [InlineData("""{"Domains":{"customer.example":{"AllowedIpRanges":["192.0.2.1/24"]}}}""", "customer.example", "AllowedIpRanges[0]")]
    [InlineData("""{"Domains":{"customer.example":{"AllowedIpRanges":["ok", "10/8"]}}}""", "customer.example", "AllowedIpRanges[0]")]
    [InlineData("""{"Domains":{"customer.example":{"AllowedSenderDomains":["good.example","bad domain"]}}}""", "customer.example", "AllowedSenderDomains[1]")]
    [InlineData("""{"Domains":{"customer.example":{"TrustedArcSealers":[1]}}}""", "customer.example", "TrustedArcSealers[0]")]
    [InlineData("""{"Domains":{"customer.example":{"SubjectTag":"[X]\r\nBcc: y"}}}""", "customer.example", "SubjectTag")]
    [InlineData("""{"Domains":{"customer.example":{"RejectText":"no\nway"}}}""", "customer.example", "RejectText")]
    [InlineData("""{"Domains":{"customer.example":{"RejectCode":450}}}""", "customer.example", "RejectCode")]
    [InlineData("""{"Domains":{"customer.example":{"MarkHeader":"X Bad:"}}}""", "customer.example", "MarkHeader")]
    [InlineData("""{"Domains":{"customer.example":{"Filtering":"maybe"}}}""", "customer.example", "Filtering")]
    [InlineData("""{"Domains":{"customer.example":{"Allowlist":[]}}}""", "customer.example", "Allowlist")]
    [InlineData("""{"Domains":{"not a domain":{}}}""", "not a domain", "(domain)")]
    [InlineData("""{"Default":{"Action":"Nope"}}""", "*", "Action")]
    [InlineData("""{"Defaults":{}}""", "", "Defaults")]
    public void TryLoad_BadValue_ErrorNamesDomainAndKey(string json, string domain, string key)
    {
        Assert.False(ReceiverPolicyJson.TryLoad(json, null, out ReceiverPolicySettings? settings, out var errors));
        Assert.Null(settings);
        Assert.Contains(errors, e => e.Domain == domain && e.Key == key);
        Assert.All(errors, e => Assert.DoesNotContain('\n', e.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"Domains\":[]}")]
    [InlineData("{\"Domains\":{\"a.example\":[]}}")]
    public void TryLoad_BadDocument_GivesErrorNotException(string json)
        => Assert.False(ReceiverPolicyJson.TryLoad(json, null, out _, out var errors) || errors.Count == 0);

    [Fact]
    public void TryLoad_MissingSection_GivesError()
        => Assert.Contains(ReceiverPolicyJson.TryLoad(Json, "MailAuth:Nope", out _, out var errors) ? [] : errors, e => e.Message == "section not found");

    [Fact]
    public void TryLoad_DeepNesting_GivesErrorNotException()
        => Assert.False(ReceiverPolicyJson.TryLoad(new string('[', 5000) + new string(']', 5000), null, out _, out _));

    [Fact]
    public void TryLoad_ListOverMaxListEntries_NamesKey()
    {
        string json = """{"MaxListEntries":2,"Domains":{"c.example":{"MailingLists":["a.example","b.example","c.example"]}}}""";
        Assert.False(ReceiverPolicyJson.TryLoad(json, null, out _, out var errors));
        Assert.Contains(errors, e => e.Domain == "c.example" && e.Key == "MailingLists");
    }

    [Fact]
    public void Constructor_InvalidSettings_ThrowsWithDomainAndKey()
    {
        var settings = new ReceiverPolicySettings { Domains = new Dictionary<string, DomainPolicySettings> { ["c.example"] = new() { AllowedIpRanges = ["300.1.1.1"] } } };
        ArgumentException e = Assert.Throws<ArgumentException>(() => new ReceiverPolicy(settings));
        Assert.Contains("Domains:c.example:AllowedIpRanges[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateDomainIgnoringCase_IsError()
    {
        var settings = new ReceiverPolicySettings
        {
            Domains = new Dictionary<string, DomainPolicySettings> { ["c.example"] = new(), ["C.EXAMPLE."] = new() },
        };
        Assert.Contains(ReceiverPolicy.Validate(settings), e => e.Key == "(domain)");
    }

    [Fact]
    public void TryReload_InvalidSettings_KeepsOldConfiguration()
    {
        ReceiverPolicy policy = ReceiverPolicyTests.Policy(new DomainPolicySettings { Action = SpoofedMailAction.Quarantine });
        var bad = new ReceiverPolicySettings { Default = new DomainPolicySettings { RejectCode = 200 } };
        Assert.False(policy.TryReload(bad, out var errors));
        Assert.Contains(errors, e => e.Domain == "*" && e.Key == "RejectCode");
        Assert.Equal(1, policy.Generation);
        Assert.Equal(PolicyAction.Quarantine, policy.Decide(ReceiverPolicyTests.Failing(), "customer.example").Action);
    }

    [Fact]
    public async Task TryReload_ConcurrentDecisions_SeeOneWholeConfiguration()
    {
        // Two configurations that differ in every field a decision reads; a torn read would mix them.
        static ReceiverPolicySettings Config(bool a) => new()
        {
            Domains = new Dictionary<string, DomainPolicySettings>
            {
                ["customer.example"] = a
                    ? new() { Action = SpoofedMailAction.Reject, RejectText = "config A", RejectCode = 551 }
                    : new() { Action = SpoofedMailAction.Mark, SubjectTag = "[B]", MarkHeader = "X-B" },
            },
        };

        var policy = new ReceiverPolicy(Config(true));
        PolicyInput input = ReceiverPolicyTests.Failing();
        int torn = 0;
        int decisions = 0;
        using var stop = new CancellationTokenSource();
        Task[] readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                PolicyDecision d = policy.Decide(input, "customer.example");
                bool isA = d is { Action: PolicyAction.Reject, SubjectTag: null, SmtpReply: { Code: 551, Text: "config A" } } && d.HeadersToAdd.Count == 0;
                bool isB = d.Action == PolicyAction.Mark && d.SubjectTag == "[B]" && d.SmtpReply is null && d.HeadersToAdd.Single().Name == "X-B";
                if (!isA && !isB)
                {
                    Interlocked.Increment(ref torn);
                }

                Interlocked.Increment(ref decisions);
            }
        })).ToArray();

        for (int i = 0; i < 2000; i++)
        {
            Assert.True(policy.TryReload(Config(i % 2 == 1), out _));
        }

        SpinWait.SpinUntil(() => Volatile.Read(ref decisions) > 1000);
        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, torn);
        Assert.Equal(2001, policy.Generation);
    }

    [Property(MaxTest = 2000)]
    public Property TryLoad_ArbitraryText_NeverThrows()
        => Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            bool ok = ReceiverPolicyJson.TryLoad(text, null, out ReceiverPolicySettings? s, out var errors);
            bool wrapped = ReceiverPolicyJson.TryLoad("{\"Domains\":{\"a.example\":{\"Action\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}}}", null, out _, out var errors2);
            return (ok == (s is not null)) && (ok || errors.Count > 0) && (wrapped || errors2.Count > 0);
        });

    private static readonly Gen<string> JsonFragments = Gen.Elements(
        "{", "}", "[", "]", ",", ":", "\"Domains\"", "\"Default\"", "\"a.example\"", "\"Action\"", "\"Mark\"", "\"AllowedIpRanges\"",
        "\"10.0.0.0/8\"", "\"x\"", "1", "true", "null", "\"MaxListEntries\"", "\"\\u0000\"", "-1e999");

    [Property(MaxTest = 2000)]
    public Property TryLoad_RandomJsonShapes_NeverThrows()
        => Prop.ForAll(JsonFragments.ArrayOf().Select(a => string.Concat(a)).ToArbitrary(), text =>
        {
            bool ok = ReceiverPolicyJson.TryLoad(text, null, out ReceiverPolicySettings? s, out var errors);
            return ok ? s is not null && errors.Count == 0 : errors.Count > 0;
        });
}
