using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Policy;

namespace MailAuth.Extensions.Hosting;

/// <summary>
/// Builds the MailAuth.Core objects from bound <see cref="MailAuthOptions"/>: the one place that maps configuration
/// keys onto Core options, used both by the service registrations and by the start-up validation.
/// </summary>
internal static class MailAuthServices
{
    public static IDnsResolver CreateResolver(MailAuthOptions options)
    {
        if (options.Dns.ZoneFiles.Count > 0)
        {
            var zones = new ZoneFileResolver();
            foreach (string file in options.Dns.ZoneFiles)
            {
                zones.LoadZoneFile(file);
            }

            return zones;
        }

        return new DnsClientResolver(ToResolverOptions(options.Dns));
    }

    public static DnsClientResolverOptions ToResolverOptions(MailAuthDnsOptions dns) => new()
    {
        Servers = dns.Servers.Select(s => DnsClientResolverOptions.ParseServer(s.Trim())).ToArray(),
        Timeout = dns.Timeout,
        Retries = dns.Retries,
        UseTcpFallback = dns.UseTcpFallback,
        UseTcpOnly = dns.UseTcpOnly,
        UdpPayloadSize = dns.UdpPayloadSize,
        Recursion = dns.Recursion,
    };

    public static CachingDnsResolverOptions ToCacheOptions(MailAuthCacheOptions cache, TimeProvider time) => new()
    {
        MaxEntries = cache.MaxEntries,
        MinTimeToLive = cache.MinTimeToLive,
        MaxTimeToLive = cache.MaxTimeToLive,
        MaxNegativeTimeToLive = cache.MaxNegativeTimeToLive,
        TransientFailureTimeToLive = cache.TransientFailureTimeToLive,
        TimeProvider = time,
    };

    public static MessageAuthenticatorOptions ToAuthenticatorOptions(MailAuthOptions options, TimeProvider time) => new()
    {
        AuthServId = options.AuthServId ?? new MessageAuthenticatorOptions().AuthServId,
        CheckHelo = options.CheckHelo,
        EnableSenderId = options.EnableSenderId,
        Timeout = options.Timeout,
        TimeProvider = time,
    };

    public static DkimMessageSignerOptions ToSignerOptions(MailAuthSigningOptions signing, TimeProvider time) => new()
    {
        HeaderCanonicalization = signing.HeaderCanonicalization,
        BodyCanonicalization = signing.BodyCanonicalization,
        IncludeTimestamp = signing.IncludeTimestamp,
        Expiration = signing.Expiration,
        LineLength = signing.LineLength,
        TimeProvider = time,
    };

    public static IKeyStore CreateKeyStore(MailAuthKeyOptions keys) =>
        keys.Directory is { Length: > 0 } directory ? new PemDirectoryKeyStore(directory) : new InMemoryKeyStore();

    public static CachingDnsResolver CreateCache(IDnsResolver resolver, MailAuthOptions options, TimeProvider time) =>
        new(resolver, ToCacheOptions(options.Cache, time));

    public static MessageAuthenticator CreateAuthenticator(CachingDnsResolver resolver, MailAuthOptions options, TimeProvider time) =>
        new(resolver, ToAuthenticatorOptions(options, time));

    public static PolicyStatistics CreateStatistics(MailAuthStatisticsOptions statistics) =>
        new(new PolicyStatisticsOptions { MaxTrackedDomains = statistics.MaxTrackedDomains });

    public static SigningPolicy CreateSigningPolicy(IKeyStore keys, MailAuthSigningPolicyOptions signing) =>
        new(keys, signing.Domains, signing.Default);
}
