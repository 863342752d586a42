using MailAuth.Keys;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailAuth.Extensions.Hosting;

/// <summary>
/// Checks that every signing domain has at least one active key that loads: the configured
/// <see cref="MailAuthKeyOptions.Domains"/> and, for a PEM directory, every domain directory in it. Unhealthy when a
/// domain has no key or a key file cannot be read; degraded when a key file is older than
/// <see cref="MailAuthKeyOptions.MaxKeyAge"/> (keys are to be rotated regularly, RFC 6376 §3.6.1).
/// </summary>
internal sealed class KeyStoreHealthCheck(IKeyStore store, MailAuthKeyOptions options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var stale = new List<string>();
        SortedSet<string> domains;
        try
        {
            domains = Domains();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The key directory '{options.Directory}' cannot be read: {e.Message}");
        }

        int keyCount = 0;
        foreach (string domain in domains)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<DkimKeyEntry> keys;
            try
            {
                keys = await store.GetActiveKeysAsync(domain, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                problems.Add($"{domain}: {e.Message}");
                continue;
            }

            if (keys.Count == 0)
            {
                // The store answers "no key" for an unusable file (and logs it); name the files here so the operator sees which.
                problems.Add($"{domain}: no active signing key" + UnusableFiles(domain));
            }

            keyCount += keys.Count;
            if (options.MaxKeyAge is { } maxAge && store is PemDirectoryKeyStore pem)
            {
                foreach (DkimKeyEntry key in keys)
                {
                    TimeSpan age = time.GetUtcNow() - File.GetLastWriteTimeUtc(pem.GetKeyPath(key.Domain, key.Selector));
                    if (age > maxAge)
                    {
                        stale.Add($"{key.Selector}._domainkey.{key.Domain}: {age.TotalDays:0} days old");
                    }
                }
            }
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["domains"] = domains.Count, ["keys"] = keyCount };
        if (problems.Count > 0)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Signing keys missing or unreadable: " + string.Join("; ", problems), data: data);
        }

        if (stale.Count > 0)
        {
            return HealthCheckResult.Degraded($"Signing keys older than {options.MaxKeyAge}, rotate them: " + string.Join("; ", stale), data: data);
        }

        return HealthCheckResult.Healthy($"{keyCount} signing key(s) for {domains.Count} domain(s) readable.", data);
    }

    private SortedSet<string> Domains()
    {
        var domains = new SortedSet<string>(options.Domains.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim().TrimEnd('.').ToLowerInvariant()), StringComparer.Ordinal);
        if (options.Directory is { Length: > 0 } root)
        {
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"'{root}' does not exist.");
            }

            foreach (string dir in Directory.EnumerateDirectories(root))
            {
                domains.Add(Path.GetFileName(dir).ToLowerInvariant());
            }
        }

        return domains;
    }
    // The .pem files of a PEM directory domain that do not load as a signing key, as " (a.pem: why; b.pem: why)".
    private string UnusableFiles(string domain)
    {
        string? directory;
        try
        {
            directory = store is PemDirectoryKeyStore pem ? Path.GetDirectoryName(pem.GetKeyPath(domain, "probe")) : null;
        }
        catch (ArgumentException)
        {
            directory = null;
        }

        if (directory is null || !Directory.Exists(directory))
        {
            return string.Empty;
        }

        var bad = new List<string>();
        foreach (string file in Directory.EnumerateFiles(directory, "*.pem").Take(100))
        {
            try
            {
                if (!DkimSigningKey.TryFromPem(File.ReadAllText(file), out DkimSigningKey? key, out string? error))
                {
                    bad.Add($"{Path.GetFileName(file)}: {error}");
                }
                else
                {
                    key.Dispose();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                bad.Add($"{Path.GetFileName(file)}: {e.Message}");
            }
        }

        return bad.Count == 0 ? string.Empty : " (" + string.Join("; ", bad) + ")";
    }
}
