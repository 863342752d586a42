using MailAuth.Dns;
using MailAuth.Text;

namespace MailAuth.Audit;

/// <summary>
/// Audits a domain's SPF, DKIM and DMARC set-up against how its mail is really sent (the "signal" of the ESP page and
/// the record advice of the hosting chapter of the guides; docs/audit.md lists every check and code). Bounded: a DNS
/// query budget, a time budget, a maximum include depth (<see cref="DomainAuditorOptions"/>) and cancellation.
/// Immutable and thread-safe after construction. Never throws for bad records or DNS failures: those are findings.
/// </summary>
public sealed class DomainAuditor
{
    private readonly IDnsResolver _resolver;
    private readonly DomainAuditorOptions _options;

    /// <summary>Creates an auditor.</summary>
    /// <param name="resolver">The DNS resolver. A <see cref="ZoneFileResolver"/> or <see cref="DnsClientResolver"/> also lets the audit find records of the obsolete SPF type.</param>
    /// <param name="options">Limits and thresholds; <see langword="null"/> for the defaults. Validated and copied.</param>
    /// <exception cref="ArgumentException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public DomainAuditor(IDnsResolver resolver, DomainAuditorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _options = (options ?? new DomainAuditorOptions()).Freeze();
    }

    /// <summary>The settings in use (a validated copy).</summary>
    public DomainAuditorOptions Options => _options;

    /// <summary>
    /// Audits <paramref name="domain"/> (the RFC5322.From domain customers send as). SPF (RFC 7208), the profile's DKIM
    /// keys (RFC 6376, RFC 8301, RFC 8463) and DMARC (RFC 9989 and RFC 7489, with alignment for the profile), the DNS
    /// answers themselves (TTL, failures, speed) and, given a next selector, a key rotation plan.
    /// </summary>
    /// <param name="domain">The domain to audit.</param>
    /// <param name="profile">How mail is sent; <see langword="null"/> checks the records alone.</param>
    /// <param name="cancellationToken">Cancels the audit (then <see cref="OperationCanceledException"/> is thrown).</param>
    /// <returns>The findings and the signal.</returns>
    public async ValueTask<AuditResult> AuditAsync(string domain, AuditSendingProfile? profile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        cancellationToken.ThrowIfCancellationRequested();
        var dns = new AuditDns(_resolver, _options, cancellationToken);
        if (!DomainName.TryParse(domain.Trim(), DomainNameRules.AllowTrailingDot, out DomainName name, out string? error))
        {
            var invalid = new AuditFinding(AuditSeverity.Error, AuditCodes.InvalidDomain, $"'{domain}' is not a domain name: {error}");
            return new AuditResult(ReasonText.Escape(domain), [invalid], [], 0);
        }

        var run = new AuditRun(name.Value, profile, _options, dns, cancellationToken);
        await run.RunAsync().ConfigureAwait(false);
        return new AuditResult(name.Value, run.SortedFindings(), run.RotationPlan, dns.Sent.Count) { SpfCounts = run.SpfCounts };
    }
}
