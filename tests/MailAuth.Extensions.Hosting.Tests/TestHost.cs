using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailAuth.Extensions.Hosting.Tests;

/// <summary>Builds a Generic Host whose <c>MailAuth</c> section comes from key/value pairs, as appsettings.json would give them.</summary>
internal static class TestHost
{
    public static string Samples => Path.Combine(AppContext.BaseDirectory, "samples");

    public static IHost Build(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? before = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        before?.Invoke(builder.Services);
        builder.Services.AddMailAuth(builder.Configuration.GetSection("MailAuth"));
        return builder.Build();
    }

    public static IHost Build(params (string Key, string? Value)[] settings) =>
        Build(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));

    /// <summary>A temporary key directory in <see cref="Keys.PemDirectoryKeyStore"/>'s layout holding the sample key as example.com/sample.pem.</summary>
    public static string CreateKeyDirectory()
    {
        string root = Directory.CreateTempSubdirectory("mailauth-keys-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "example.com"));
        File.Copy(Path.Combine(Samples, "sample._domainkey.example.com.pem"), Path.Combine(root, "example.com", "sample.pem"));
        return root;
    }
}
