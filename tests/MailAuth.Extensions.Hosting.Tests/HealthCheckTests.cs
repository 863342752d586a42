using MailAuth.Dns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MailAuth.Extensions.Hosting.Tests;

public sealed class HealthCheckTests
{
    private static async Task<HealthReportEntry> CheckAsync(IHost host, string name)
    {
        HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
        return report.Entries[name];
    }

    [Fact]
    public async Task DnsHealthCheck_ResolverAnswersNxDomain_Healthy()
    {
        using IHost host = TestHost.Build([], services => services.AddSingleton<IDnsResolver>(new ZoneFileResolver()));

        HealthReportEntry entry = await CheckAsync(host, MailAuthServiceCollectionExtensions.DnsHealthCheckName);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("NxDomain", entry.Data["status"]);
    }

    [Fact]
    public async Task DnsHealthCheck_ResolverTimesOut_Unhealthy()
    {
        var zone = new ZoneFileResolver();
        zone.SetFault("probe.example", DnsStatus.Timeout);
        using IHost host = TestHost.Build([new("MailAuth:Dns:HealthProbeName", "probe.example")], services => services.AddSingleton<IDnsResolver>(zone));

        HealthReportEntry entry = await CheckAsync(host, MailAuthServiceCollectionExtensions.DnsHealthCheckName);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("Timeout", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DnsHealthCheck_NoServerOnConfiguredPort_Unhealthy()
    {
        // A real DnsClientResolver asking 127.0.0.1 on a port where nothing listens.
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        int port = ((System.Net.IPEndPoint)probe.LocalEndPoint!).Port;
        probe.Close();
        using IHost host = TestHost.Build(
            ("MailAuth:Dns:Servers:0", $"127.0.0.1:{port}"),
            ("MailAuth:Dns:Timeout", "00:00:00.200"),
            ("MailAuth:Dns:Retries", "0"),
            ("MailAuth:Dns:UseTcpFallback", "false"));

        HealthReportEntry entry = await CheckAsync(host, MailAuthServiceCollectionExtensions.DnsHealthCheckName);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
    }

    [Fact]
    public async Task KeysHealthCheck_ReadableKeyForEveryDomain_Healthy()
    {
        string keys = TestHost.CreateKeyDirectory();
        using IHost host = TestHost.Build(("MailAuth:Keys:Directory", keys), ("MailAuth:Keys:Domains:0", "example.com"), ("MailAuth:Keys:MaxKeyAge", "30.00:00:00"));

        HealthReportEntry entry = await CheckAsync(host, MailAuthServiceCollectionExtensions.KeysHealthCheckName);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(1, entry.Data["keys"]);
    }

    [Fact]
    public async Task KeysHealthCheck_CorruptKeyFile_UnhealthyNamingTheFile()
    {
        string keys = TestHost.CreateKeyDirectory();
        Directory.CreateDirectory(Path.Combine(keys, "example.org"));
        await File.WriteAllTextAsync(Path.Combine(keys, "example.org", "broken.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n");
        using IHost host = TestHost.Build(("MailAuth:Keys:Directory", keys));

        HealthReportEntry entry = await CheckAsync(host, MailAuthServiceCollectionExtensions.KeysHealthCheckName);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("broken.pem", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysHealthCheck_ConfiguredDomainWithoutKey_Unhealthy()
    {
        using IHost host = TestHost.Build(("MailAuth:Keys:Domains:0", "example.net"));

        HealthReportEntry entry = await CheckAsync(host, MailAuthServiceCollectionExtensions.KeysHealthCheckName);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("example.net: no active signing key", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysHealthCheck_KeyOlderThanMaxKeyAge_Degraded()
    {
        string keys = TestHost.CreateKeyDirectory();
        var clock = new FakeTimeProvider(File.GetLastWriteTimeUtc(Path.Combine(keys, "example.com", "sample.pem")) + TimeSpan.FromDays(200));
        using IHost host = TestHost.Build(
            [new("MailAuth:Keys:Directory", keys), new("MailAuth:Keys:MaxKeyAge", "180.00:00:00")],
            services => services.AddSingleton<TimeProvider>(clock));

        HealthReportEntry entry = await CheckAsync(host, MailAuthServiceCollectionExtensions.KeysHealthCheckName);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("sample._domainkey.example.com", entry.Description, StringComparison.Ordinal);
    }
}
