using System.Net;
using System.Reflection;
using MailAuth.Dmarc;
using MailAuth.Policy;
using MailAuth.Spf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace MailAuth.Extensions.Hosting.Tests;

/// <summary>The policy layer registered by <c>AddMailAuth</c>: <c>MailAuth:Policy</c> in appsettings, start-up validation, reload.</summary>
public sealed class PolicyHostingTests
{
    private const string Customer = "MailAuth:Policy:Domains:customer.example:";

    private static readonly PolicyInput Spoofed = new()
    {
        Dmarc = DmarcStatus.Fail,
        Disposition = DmarcPolicy.Reject,
        RequestedPolicy = DmarcPolicy.Reject,
        AuthorDomain = "bank.example",
        Spf = SpfStatus.Fail,
        SpfDomain = "evil.example",
        ClientIp = IPAddress.Parse("203.0.113.9"),
    };

    private static async Task<IHost> StartFromJsonAsync(string directory, string policy)
    {
        string json = Path.Combine(directory, "appsettings.json");
        await File.WriteAllTextAsync(json, $$"""{ "MailAuth": { "Policy": {{policy}} } }""");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(json, optional: false, reloadOnChange: false);
        builder.Services.AddMailAuth(builder.Configuration.GetSection("MailAuth"));
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private const string MarkPolicy = """
        {
          "Default": { "Action": "FollowDmarc" },
          "MaxListEntries": 100,
          "Domains": {
            "customer.example": {
              "Filtering": true, "Action": "Mark", "SubjectTag": "[SPOOFED]",
              "AllowedSenderDomains": [ "partner.example", "*.billing.example" ],
              "AllowedIpRanges": [ "192.0.2.0/24", "2001:db8::/32" ],
              "TrustedForwarders": [ "198.51.100.7" ],
              "TrustedArcSealers": [ "arc.forwarder.example" ],
              "MailingLists": [ "lists.example.org" ]
            },
            "quiet.example": { "Filtering": false, "AllowedSenderDomains": [] }
          }
        }
        """;

    [Fact]
    public async Task AddMailAuth_PolicySectionInAppSettingsJson_DecidesPerDomainAndCountsStatistics()
    {
        using IHost host = await StartFromJsonAsync(Directory.CreateTempSubdirectory("mailauth-policy-").FullName, MarkPolicy);
        ReceiverPolicy policy = host.Services.GetRequiredService<ReceiverPolicy>();

        PolicyDecision marked = policy.Decide(Spoofed, "bob@customer.example");
        PolicyDecision allowed = policy.Decide(Spoofed with { AuthorDomain = "pay.billing.example" }, "bob@customer.example");
        PolicyDecision quiet = policy.Decide(Spoofed, "carol@quiet.example");
        PolicyDecision other = policy.Decide(Spoofed, "dave@elsewhere.example");

        Assert.Equal(PolicyAction.Mark, marked.Action);
        Assert.Equal("[SPOOFED]", marked.SubjectTag);
        Assert.Equal((PolicyAction.Accept, PolicyOverride.LocalPolicy), (allowed.Action, allowed.Override));
        Assert.Equal((PolicyAction.Accept, PolicyAction.Reject), (quiet.Action, quiet.FilteredAction!.Value));
        Assert.Equal(PolicyAction.Reject, other.Action);
        PolicyStatistics statistics = host.Services.GetRequiredService<PolicyStatistics>();
        Assert.Same(statistics, policy.Statistics);
        PolicyStatisticsSnapshot snapshot = statistics.Snapshot();
        Assert.Equal(4, snapshot.Total.Messages);
        Assert.Equal(1, snapshot.CustomerDomains.Single(d => d.Domain == "quiet.example").WouldBeRejected);
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_InvalidPolicy_ValidationExceptionNamesDomainAndKey()
    {
        using IHost host = TestHost.Build(
            (Customer + "AllowedIpRanges:0", "192.0.2.0/24"),
            (Customer + "AllowedIpRanges:1", "10.0.0.1/8"),
            (Customer + "Actoin", "Reject"),
            ("MailAuth:Policy:Domains:other.example:Action", "Bounce"),
            ("MailAuth:Policy:Default:RejectCode", "450"));

        Exception e = await Record.ExceptionAsync(() => host.StartAsync());

        Assert.IsNotType<TargetInvocationException>(e);
        var validation = Assert.IsType<OptionsValidationException>(e);
        Assert.Contains(validation.Failures, f => f.StartsWith(Customer + "Actoin: unknown key", StringComparison.Ordinal));
        Assert.Contains(validation.Failures, f => f.StartsWith("MailAuth:Policy:Domains:other.example:Action: ", StringComparison.Ordinal) && f.Contains("'Bounce'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AllowedIpRanges:1", "10.0.0.1/8")]
    [InlineData("RejectCode", "450")]
    [InlineData("SubjectTag", "[x]\u0007")]
    [InlineData("MailingLists:0", "not a domain")]
    public async Task StartAsync_OneBadPolicyValue_ValidationExceptionNamesDomainAndKey(string key, string value)
    {
        using IHost host = TestHost.Build((Customer + "AllowedIpRanges:0", "192.0.2.0/24"), (Customer + key, value));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.StartsWith(Customer + key + ": ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_ConfigurationFileChanged_DecisionsChange()
    {
        string directory = Directory.CreateTempSubdirectory("mailauth-policy-").FullName;
        using IHost host = await StartFromJsonAsync(directory, MarkPolicy);
        ReceiverPolicy policy = host.Services.GetRequiredService<ReceiverPolicy>();
        Assert.Equal(PolicyAction.Mark, policy.Decide(Spoofed, "bob@customer.example").Action);

        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), """{ "MailAuth": { "Policy": { "Domains": { "customer.example": { "Action": "Discard" } } } } }""");
        ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload();

        Assert.Equal(PolicyAction.Discard, policy.Decide(Spoofed, "bob@customer.example").Action);
        Assert.Equal(PolicyAction.Reject, policy.Decide(Spoofed, "carol@quiet.example").Action);
        Assert.True(policy.Generation > 1); // a file provider signals its own reload as well as the root's
        Assert.Same(policy, host.Services.GetRequiredService<ReceiverPolicy>());
        await host.StopAsync();
    }

    [Fact]
    public async Task Reload_InvalidChange_NoExceptionAndPreviousConfigurationStays()
    {
        string directory = Directory.CreateTempSubdirectory("mailauth-policy-").FullName;
        using IHost host = await StartFromJsonAsync(directory, MarkPolicy);
        ReceiverPolicy policy = host.Services.GetRequiredService<ReceiverPolicy>();

        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), """{ "MailAuth": { "Policy": { "Domains": { "customer.example": { "Action": "Explode" } } } } }""");
        Exception? e = Record.Exception(() => ((IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>()).Reload());

        Assert.Null(e);
        Assert.Equal(PolicyAction.Mark, policy.Decide(Spoofed, "bob@customer.example").Action);
        Assert.Equal(1, policy.Generation);
        await host.StopAsync();
    }

    [Fact]
    public async Task Reload_InvalidChange_WarningNamesDomainAndKey()
    {
        var logs = new CapturingLoggerProvider();
        using IHost host = TestHost.Build(
            [new(Customer + "Action", "Mark")],
            services => services.AddLogging(b => b.AddProvider(logs)));
        await host.StartAsync();
        ReceiverPolicy policy = host.Services.GetRequiredService<ReceiverPolicy>();
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        configuration[Customer + "AllowedIpRanges:0"] = "10.0.0.1/8";
        configuration.Reload();

        (string category, LogLevel level, int id, string message) = Assert.Single(logs.Entries, e => e.Id == 8001);
        Assert.Equal(("MailAuth.Policy", LogLevel.Warning), (category, level));
        Assert.Contains(Customer + "AllowedIpRanges:0: ", message, StringComparison.Ordinal);
        Assert.Equal(PolicyAction.Mark, policy.Decide(Spoofed, "bob@customer.example").Action);
        await host.StopAsync();
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Category, LogLevel Level, int Id, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, logLevel, eventId.Id, formatter(state, exception)));
        }
    }

    [Fact]
    public async Task Reload_ConcurrentDecisions_EveryDecisionFromOneWholeConfiguration()
    {
        using IHost host = TestHost.Build(
            (Customer + "Action", "Reject"), (Customer + "RejectCode", "550"), (Customer + "RejectText", "config A"));
        await host.StartAsync();
        ReceiverPolicy policy = host.Services.GetRequiredService<ReceiverPolicy>();
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        using var stop = new CancellationTokenSource();
        int torn = 0, sawB = 0;

        Task[] readers = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                SmtpReply reply = policy.Decide(Spoofed, "bob@customer.example").SmtpReply!;
                bool a = reply.Code == 550 && reply.Text == "config A";
                bool b = reply.Code == 551 && reply.Text == "config B";
                if (!a && !b)
                {
                    Interlocked.Increment(ref torn);
                }

                if (b)
                {
                    Interlocked.Increment(ref sawB);
                }
            }
        }))];

        const int Reloads = 200;
        for (int i = 1; i <= Reloads; i++)
        {
            bool b = i % 2 == 1;
            configuration[Customer + "RejectCode"] = b ? "551" : "550";
            configuration[Customer + "RejectText"] = b ? "config B" : "config A";
            configuration.Reload();
        }

        configuration[Customer + "RejectCode"] = "551";
        configuration[Customer + "RejectText"] = "config B";
        configuration.Reload();
        SmtpReply last = policy.Decide(Spoofed, "bob@customer.example").SmtpReply!;
        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.Equal(0, torn);
        Assert.True(sawB > 0);
        Assert.Equal((551, "config B"), (last.Code, last.Text));
        Assert.Equal(Reloads + 2, policy.Generation);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddMailAuth_NoPolicySection_NoReceiverPolicyButStatistics()
    {
        using IHost host = TestHost.Build(("MailAuth:Statistics:MaxTrackedDomains", "5"));
        await host.StartAsync();

        Assert.Null(host.Services.GetService<ReceiverPolicy>());
        Assert.Null(host.Services.GetService<SigningPolicy>());
        Assert.Equal(5, host.Services.GetRequiredService<PolicyStatistics>().MaxTrackedDomains);
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_StatisticsLimitOutOfRange_ValidationExceptionNamesTheKey()
    {
        using IHost host = TestHost.Build(("MailAuth:Statistics:MaxTrackedDomains", "0"));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.StartsWith("MailAuth:Statistics:MaxTrackedDomains: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddMailAuth_SigningPolicySection_DecidesPerCustomerDomain()
    {
        string keys = TestHost.CreateKeyDirectory();
        using IHost host = TestHost.Build(
            ("MailAuth:Keys:Directory", keys),
            ("MailAuth:SigningPolicy:Default", "RefuseOtherDomains"),
            ("MailAuth:SigningPolicy:Domains:example.com", "SignAll"));
        await host.StartAsync();
        SigningPolicy signing = host.Services.GetRequiredService<SigningPolicy>();

        Assert.Equal(SigningAction.Sign, (await signing.DecideAsync("example.com", "other.example")).Action);
        Assert.Equal(SigningAction.Refuse, (await signing.DecideAsync("shop.example", "other.example")).Action);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("MailAuth:SigningPolicy:Domains:bad..example", "SignAll", "MailAuth:SigningPolicy:Domains: ")]
    [InlineData("MailAuth:SigningPolicy:Domains:example.com", "SignSome", "'MailAuth:SigningPolicy:Domains:example.com'")]
    public async Task StartAsync_BadSigningPolicy_ValidationExceptionNamesTheKey(string key, string value, string expected)
    {
        using IHost host = TestHost.Build((key, value));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }
}
