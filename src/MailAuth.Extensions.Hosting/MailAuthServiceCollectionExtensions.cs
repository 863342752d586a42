using MailAuth;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Extensions.Hosting;
using MailAuth.Keys;
using MailAuth.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MailAuth.Core's services in a <see cref="IServiceCollection"/>.</summary>
public static class MailAuthServiceCollectionExtensions
{
    /// <summary>The name of the health check that asks the DNS resolver.</summary>
    public const string DnsHealthCheckName = "mailauth-dns";

    /// <summary>The name of the health check that loads the signing keys.</summary>
    public const string KeysHealthCheckName = "mailauth-keys";

    /// <summary>The tag of both health checks.</summary>
    public const string HealthCheckTag = "mailauth";

    /// <summary>
    /// Binds <see cref="MailAuthOptions"/> from <paramref name="configuration"/> (e.g. <c>configuration.GetSection("MailAuth")</c>),
    /// validates them when the host starts, and registers as singletons:
    /// <list type="bullet">
    /// <item><see cref="IDnsResolver"/>: a <see cref="DnsClientResolver"/> over <c>Dns:Servers</c> (or a <see cref="ZoneFileResolver"/> over <c>Dns:ZoneFiles</c>);</item>
    /// <item><see cref="CachingDnsResolver"/>: the shared cache in front of it (<c>Cache</c>);</item>
    /// <item><see cref="IKeyStore"/>: a <see cref="PemDirectoryKeyStore"/> over <c>Keys:Directory</c>, else an empty <see cref="InMemoryKeyStore"/>;</item>
    /// <item><see cref="MessageAuthenticator"/> over the cache, and <see cref="DkimMessageSigner"/> (<c>Signing</c>);</item>
    /// <item><see cref="TimeProvider"/>: <see cref="TimeProvider.System"/>;</item>
    /// <item><see cref="PolicyStatistics"/> (<c>Statistics</c>), which the receiver policy counts its decisions in;</item>
    /// <item>when the section <c>Policy</c> exists, <see cref="ReceiverPolicy"/> from it (the shape of <see cref="ReceiverPolicyJson"/>),
    /// reloaded when the configuration changes (a change with errors is logged and ignored);</item>
    /// <item>when the section <c>SigningPolicy</c> exists, <see cref="SigningPolicy"/> over the <see cref="IKeyStore"/>;</item>
    /// </list>
    /// and the health checks <see cref="DnsHealthCheckName"/> and <see cref="KeysHealthCheckName"/> (tag <see cref="HealthCheckTag"/>).
    /// Each service is added only when none of its type is registered yet, so a service registered before this call
    /// (e.g. your own <see cref="IDnsResolver"/> or <see cref="IKeyStore"/>) is used instead.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>MailAuth</c> section; its path prefixes the keys named in validation messages.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <remarks>
    /// Bad values are reported together, each with its configuration key, as an <see cref="OptionsValidationException"/>
    /// when the host starts (or when the options are first read, without a host).
    /// </remarks>
    public static IServiceCollection AddMailAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        string path = configuration is IConfigurationSection section ? section.Path : string.Empty;

        services.AddOptions<MailAuthOptions>()
            .Configure(options => Bind(configuration, options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailAuthOptions>>(new MailAuthOptionsValidator(path));

        // Factories, not constructor discovery: nothing here needs reflection (AOT and trimming safe).
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => MailAuthServices.CreateResolver(Options(sp)));
        services.TryAddSingleton(sp => MailAuthServices.CreateCache(sp.GetRequiredService<IDnsResolver>(), Options(sp), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => MailAuthServices.CreateAuthenticator(sp.GetRequiredService<CachingDnsResolver>(), Options(sp), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => MailAuthServices.CreateKeyStore(Options(sp).Keys));
        services.TryAddSingleton(sp => new DkimMessageSigner(MailAuthServices.ToSignerOptions(Options(sp).Signing, sp.GetRequiredService<TimeProvider>())));
        services.TryAddSingleton(sp => MailAuthServices.CreateStatistics(Options(sp).Statistics));
        AddPolicies(services, configuration);

        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(
                DnsHealthCheckName,
                sp => new DnsHealthCheck(sp.GetRequiredService<IDnsResolver>(), Options(sp).Dns.HealthProbeName),
                failureStatus: null,
                tags: [HealthCheckTag]))
            .Add(new HealthCheckRegistration(
                KeysHealthCheckName,
                sp => new KeyStoreHealthCheck(sp.GetRequiredService<IKeyStore>(), Options(sp).Keys, sp.GetRequiredService<TimeProvider>()),
                failureStatus: null,
                tags: [HealthCheckTag]));
        return services;
    }

    // The policy layer, when its sections exist: the receiver policy reloads when the configuration changes; the
    // signing policy is read once.
    private static void AddPolicies(IServiceCollection services, IConfiguration configuration)
    {
        IConfigurationSection policy = configuration.GetSection(ReceiverPolicyConfiguration.SectionName);
        if (policy.Exists())
        {
            services.AddOptions<ReceiverPolicyConfiguration>().Configure(c => c.Load(policy));
            services.AddSingleton<IOptionsChangeTokenSource<ReceiverPolicyConfiguration>>(new ConfigurationChangeTokenSource<ReceiverPolicyConfiguration>(policy));
            services.AddSingleton<IValidateOptions<MailAuthOptions>>(sp => new ReceiverPolicyValidator(sp.GetRequiredService<IOptionsMonitor<ReceiverPolicyConfiguration>>()));
            services.TryAddSingleton(sp => new ReceiverPolicyReloader(
                sp.GetRequiredService<IOptionsMonitor<ReceiverPolicyConfiguration>>(), sp.GetRequiredService<PolicyStatistics>(), sp.GetService<ILoggerFactory>()));
            services.TryAddSingleton(sp => sp.GetRequiredService<ReceiverPolicyReloader>().Policy);
        }

        if (configuration.GetSection(nameof(MailAuthOptions.SigningPolicy)).Exists())
        {
            services.TryAddSingleton(sp => MailAuthServices.CreateSigningPolicy(sp.GetRequiredService<IKeyStore>(), Options(sp).SigningPolicy));
        }
    }

    private static MailAuthOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<MailAuthOptions>>().Value;

    private static void Bind(IConfiguration configuration, MailAuthOptions options)
    {
        try
        {
            // Intercepted by the configuration binder's source generator (EnableConfigurationBindingGenerator).
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value at 'MailAuth:Dns:Retries' to type 'System.Int32'." names the key;
            // the validator reports it with any other failure. Binding stops at that value, so later ones keep their defaults.
            options.BindErrors.Add(e.Message);
        }
    }
}
