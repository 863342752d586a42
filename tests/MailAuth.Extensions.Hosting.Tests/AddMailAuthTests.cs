using System.Net;
using System.Reflection;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace MailAuth.Extensions.Hosting.Tests;

public sealed class AddMailAuthTests
{
    [Fact]
    public void AddMailAuth_DnsServersInConfiguration_ResolverAsksThem()
    {
        // DnsClientResolverOptions.Servers is init-only: binding Core's options directly leaves it silently empty.
        using IHost host = TestHost.Build(
            ("MailAuth:Dns:Servers:0", "127.0.0.1:5999"),
            ("MailAuth:Dns:Servers:1", "[::1]:53"),
            ("MailAuth:Dns:Timeout", "00:00:02"));

        var resolver = Assert.IsType<DnsClientResolver>(host.Services.GetRequiredService<IDnsResolver>());
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 5999), new IPEndPoint(IPAddress.IPv6Loopback, 53)], resolver.Servers);
    }

    [Fact]
    public void AddMailAuth_Configuration_BindsEverySection()
    {
        string keys = TestHost.CreateKeyDirectory();
        using IHost host = TestHost.Build(
            ("MailAuth:AuthServId", "mx.example.net"),
            ("MailAuth:Timeout", "00:00:07"),
            ("MailAuth:Cache:MaxEntries", "17"),
            ("MailAuth:Keys:Directory", keys),
            ("MailAuth:Keys:Domains:0", "example.com"),
            ("MailAuth:Signing:HeaderCanonicalization", "Simple"),
            ("MailAuth:Signing:Expiration", "7.00:00:00"));

        var options = host.Services.GetRequiredService<IOptions<MailAuthOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(7), options.Timeout);
        Assert.Equal(17, options.Cache.MaxEntries);
        Assert.Equal(["example.com"], options.Keys.Domains);
        Assert.Equal("mx.example.net", host.Services.GetRequiredService<MessageAuthenticator>().AuthServId);
        Assert.IsType<PemDirectoryKeyStore>(host.Services.GetRequiredService<IKeyStore>());
        DkimMessageSigner signer = host.Services.GetRequiredService<DkimMessageSigner>();
        Assert.Equal(DkimCanonicalization.Simple, signer.Options.HeaderCanonicalization);
        Assert.Equal(TimeSpan.FromDays(7), signer.Options.Expiration);
    }

    [Fact]
    public async Task AddMailAuth_ZoneFileAndSampleMessage_AuthenticatorPassesDkimAndDmarc()
    {
        using IHost host = TestHost.Build(("MailAuth:Dns:ZoneFiles:0", Path.Combine(TestHost.Samples, "example.zone")));
        await host.StartAsync();
        var authenticator = host.Services.GetRequiredService<MessageAuthenticator>();

        AuthenticationOutcome outcome = await authenticator.AuthenticateAsync(
            await File.ReadAllBytesAsync(Path.Combine(TestHost.Samples, "message.eml")),
            new SmtpContext(IPAddress.Parse("192.0.2.25"), "mail.example.com", "alice@example.com"));

        Assert.Equal("pass", Assert.Single(outcome.Dkim).Keyword);
        Assert.Equal("pass", outcome.Dmarc.Keyword);
        Assert.Same(host.Services.GetRequiredService<CachingDnsResolver>(), authenticator.Resolver);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddMailAuth_PemDirectoryAndSigner_SignatureVerifies()
    {
        string keys = TestHost.CreateKeyDirectory();
        using IHost host = TestHost.Build(
            ("MailAuth:Dns:ZoneFiles:0", Path.Combine(TestHost.Samples, "example.zone")),
            ("MailAuth:Keys:Directory", keys));
        await host.StartAsync();
        var signer = host.Services.GetRequiredService<DkimMessageSigner>();
        var store = host.Services.GetRequiredService<IKeyStore>();
        byte[] body = "From: alice@example.com\r\nTo: bob@example.net\r\nSubject: hosted\r\n\r\nHello.\r\n"u8.ToArray();
        using RawMessage message = MessageReader.Default.Read(body).Message!;

        string field = Assert.Single((await signer.SignAsync(message, store, "example.com")).Fields);
        byte[] signed = [.. System.Text.Encoding.ASCII.GetBytes(field + "\r\n"), .. body];
        AuthenticationOutcome outcome = await host.Services.GetRequiredService<MessageAuthenticator>().AuthenticateAsync(
            signed, new SmtpContext(IPAddress.Parse("192.0.2.25"), "mail.example.com", "alice@example.com"));

        Assert.Equal("pass", Assert.Single(outcome.Dkim).Keyword);
        Assert.Equal(DmarcPolicy.None, outcome.Disposition);
        await host.StopAsync();
    }

    [Fact]
    public void AddMailAuth_ResolverRegisteredBefore_IsKeptAndCached()
    {
        var zone = new ZoneFileResolver();
        using IHost host = TestHost.Build([], services => services.AddSingleton<IDnsResolver>(zone));

        Assert.Same(zone, host.Services.GetRequiredService<IDnsResolver>());
        Assert.IsType<CachingDnsResolver>(host.Services.GetRequiredService<MessageAuthenticator>().Resolver);
    }

    [Fact]
    public async Task StartAsync_BadDnsServer_ValidationExceptionNamesTheKey()
    {
        using IHost host = TestHost.Build(("MailAuth:Dns:Servers:0", "127.0.0.1"), ("MailAuth:Dns:Servers:1", "dns.example"));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.StartsWith("MailAuth:Dns:Servers:1: ", StringComparison.Ordinal) && f.Contains("'dns.example'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_ValueThatDoesNotConvert_ValidationExceptionNamesTheKey()
    {
        using IHost host = TestHost.Build(("MailAuth:Dns:Retries", "many"));

        Exception e = await Record.ExceptionAsync(() => host.StartAsync());

        Assert.IsNotType<TargetInvocationException>(e);
        var validation = Assert.IsType<OptionsValidationException>(e);
        Assert.Contains(validation.Failures, f => f.Contains("'MailAuth:Dns:Retries'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_BadValuesInEverySection_EveryKeyReportedTogether()
    {
        // The Core objects check their options and stop at the first bad one, so one bad value per object here.
        using IHost host = TestHost.Build(
            ("MailAuth:Dns:Retries", "11"),
            ("MailAuth:Cache:TransientFailureTimeToLive", "01:00:00"),
            ("MailAuth:AuthServId", "mx\r\nX-Injected: yes"),
            ("MailAuth:Signing:LineLength", "5"),
            ("MailAuth:Keys:MaxKeyAge", "-1.00:00:00"));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        string[] keys =
        [
            "MailAuth:Dns:Retries", "MailAuth:Cache:TransientFailureTimeToLive", "MailAuth:AuthServId", "MailAuth:Signing:LineLength",
            "MailAuth:Keys:MaxKeyAge",
        ];
        foreach (string key in keys)
        {
            Assert.Contains(e.Failures, f => f.StartsWith(key + ": ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("MailAuth:Dns:UdpPayloadSize", "100")]
    [InlineData("MailAuth:Dns:Timeout", "00:00:00")]
    [InlineData("MailAuth:Cache:MaxEntries", "-1")]
    [InlineData("MailAuth:Timeout", "-00:00:01")]
    [InlineData("MailAuth:Signing:Expiration", "00:00:00")]
    [InlineData("MailAuth:Signing:BodyCanonicalization", "Loose")]
    [InlineData("MailAuth:Dns:HealthProbeName", " ")]
    [InlineData("MailAuth:Keys:Domains:0", " ")]
    public async Task StartAsync_OneBadValue_ValidationExceptionNamesTheKey(string key, string value)
    {
        using IHost host = TestHost.Build((key, value));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.StartsWith(key + ": ", StringComparison.Ordinal) || f.Contains($"'{key}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_MissingKeyDirectoryOrZoneFile_ValidationExceptionNamesTheKeys()
    {
        string missing = Path.Combine(Path.GetTempPath(), "mailauth-missing-" + Guid.NewGuid().ToString("N"));
        using IHost host = TestHost.Build(("MailAuth:Keys:Directory", missing), ("MailAuth:Dns:ZoneFiles:0", missing + ".zone"));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.StartsWith("MailAuth:Keys:Directory: ", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("MailAuth:Dns:ZoneFiles:0: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_BadZoneFileLine_ValidationExceptionNamesKeyAndLine()
    {
        string zone = Path.Combine(Directory.CreateTempSubdirectory("mailauth-zone-").FullName, "bad.zone");
        await File.WriteAllTextAsync(zone, "$ORIGIN example.com.\n@ IN TXT \"v=spf1 -all\"\n@ IN BOGUS x\n");
        using IHost host = TestHost.Build(("MailAuth:Dns:ZoneFiles:0", zone));

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.StartsWith("MailAuth:Dns:ZoneFiles:0: ", StringComparison.Ordinal) && f.Contains("bad.zone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_DefaultConfiguration_Starts()
    {
        using IHost host = TestHost.Build();

        await host.StartAsync();

        Assert.IsType<InMemoryKeyStore>(host.Services.GetRequiredService<IKeyStore>());
        await host.StopAsync();
    }

    [Fact]
    public async Task AddMailAuth_AppSettingsJsonAsInTheReadme_ServicesResolve()
    {
        string keys = TestHost.CreateKeyDirectory();
        string json = Path.Combine(keys, "appsettings.json");
        await File.WriteAllTextAsync(json, $$"""
            { "MailAuth": { "AuthServId": "mx.example.net", "Dns": { "Servers": [ "127.0.0.1:53" ] },
                            "Keys": { "Directory": {{System.Text.Json.JsonSerializer.Serialize(keys)}} } } }
            """);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Microsoft.Extensions.Configuration.JsonConfigurationExtensions.AddJsonFile(builder.Configuration, json);
        builder.Services.AddMailAuth(builder.Configuration.GetSection("MailAuth"));
        using IHost host = builder.Build();

        await host.StartAsync();

        Assert.Equal("mx.example.net", host.Services.GetRequiredService<MessageAuthenticator>().AuthServId);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 53), Assert.Single(Assert.IsType<DnsClientResolver>(host.Services.GetRequiredService<IDnsResolver>()).Servers));
        Assert.NotNull(host.Services.GetRequiredService<DkimMessageSigner>());
        Assert.Single(await host.Services.GetRequiredService<IKeyStore>().GetActiveKeysAsync("example.com"));
        await host.StopAsync();
    }
}
