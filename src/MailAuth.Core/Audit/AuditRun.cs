using System.Net;
using MailAuth.Dns;
using MailAuth.Text;

namespace MailAuth.Audit;

/// <summary>The state of one audit: inputs, the budgeted resolver, the findings so far. One per audit, used sequentially.</summary>
internal sealed partial class AuditRun
{
    private readonly List<AuditFinding> _findings = [];

    public AuditRun(string domain, AuditSendingProfile? profile, DomainAuditorOptions options, AuditDns dns, CancellationToken cancellationToken)
    {
        Domain = domain;
        Options = options;
        Dns = dns;
        CancellationToken = cancellationToken;
        Profile = profile;
        EnvelopeDomain = Normalize(profile?.EnvelopeDomain) ?? domain;
        DkimDomain = Normalize(profile?.DkimDomain) ?? domain;
        Addresses = (profile?.Addresses ?? []).Where(a => a is not null).Distinct().Take(options.MaxProfileAddresses).ToArray();
        Selectors = (profile?.Selectors ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(options.MaxSelectors).ToArray();
    }

    public string Domain { get; }

    public AuditSendingProfile? Profile { get; }

    public string EnvelopeDomain { get; }

    public string DkimDomain { get; }

    public IPAddress[] Addresses { get; }

    public string[] Selectors { get; }

    public DomainAuditorOptions Options { get; }

    public AuditDns Dns { get; }

    public CancellationToken CancellationToken { get; }

    public List<AuditRotationStep> RotationPlan { get; } = [];

    public async ValueTask RunAsync()
    {
        if (Profile is null)
        {
            Add(AuditSeverity.Info, AuditCodes.NoProfile, "no sending profile: the checks of the profile's IPs, DKIM keys and DMARC alignment were skipped");
        }

        await AuditSpfAsync().ConfigureAwait(false);
        await AuditDkimAsync().ConfigureAwait(false);
        await AuditDmarcAsync().ConfigureAwait(false);
        await PlanRotationAsync().ConfigureAwait(false);
        AuditDnsOperations();
        if (Dns.QueryBudgetSpent || Dns.TimeBudgetSpent)
        {
            // Fail closed: an audit that could not look at everything must not come out green.
            string why = Dns.TimeBudgetSpent ? $"the time budget of {Options.Timeout.TotalSeconds:0.###} s ran out" : $"the budget of {Options.MaxDnsQueries} DNS queries was spent";
            Add(AuditSeverity.Warning, AuditCodes.Incomplete, $"the audit is incomplete: {why}; the findings cover only what was looked up");
        }
    }

    public AuditFinding[] SortedFindings()
        => [.. _findings.Select((f, i) => (f, i)).OrderByDescending(p => p.f.Severity).ThenBy(p => p.i).Select(p => p.f)];

    public void Add(AuditSeverity severity, string code, string message, string? name = null, string? record = null, int? position = null)
        => _findings.Add(new AuditFinding(severity, code, message, name, record, position));

    public bool Has(string code) => _findings.Any(f => f.Code == code);

    /// <summary>Checks the character-strings of a TXT record: each at most 255 octets (RFC 1035 §3.3.14).</summary>
    public void CheckStrings(TxtRecord record, string name)
    {
        int offset = 0;
        foreach (string s in record.Strings)
        {
            int octets = System.Text.Encoding.UTF8.GetByteCount(s);
            if (octets > 255)
            {
                Add(AuditSeverity.Error, AuditCodes.TxtStringTooLong,
                    $"a character-string of {octets} octets: DNS allows 255 per string (RFC 1035 §3.3.14); split the text into several strings of the same record (RFC 7208 §3.3)",
                    name, record.Text, offset);
                return; // one finding per record, whatever the number of long strings
            }

            offset += s.Length;
        }
    }

    /// <summary>Reports a TTL outside the thresholds (guide 4.3.2, 4.3.2.2).</summary>
    public void CheckTtl(string name, string what, TimeSpan ttl, string record)
    {
        if (ttl > Options.LongTimeToLive)
        {
            Add(AuditSeverity.Warning, AuditCodes.DnsTtlLong,
                $"the {what} record has a TTL of {Seconds(ttl)}: a change or key rotation takes that long to reach receivers (guide 4.3.2.2); {Seconds(Options.LongTimeToLive)} or less is easier to operate",
                name, record);
        }
        else if (ttl < Options.ShortTimeToLive)
        {
            Add(AuditSeverity.Warning, AuditCodes.DnsTtlShort,
                $"the {what} record has a TTL of {Seconds(ttl)}: receivers ask again for almost every message and a DNS outage shows at once (guide 4.3.2); use {Seconds(Options.ShortTimeToLive)} or more",
                name, record);
        }
    }

    public static string Seconds(TimeSpan span) => $"{(long)span.TotalSeconds} s";

    private void AuditDnsOperations()
    {
        foreach (AuditDnsQuery query in Dns.Sent)
        {
            if (query.Status is not (DnsStatus.NoError or DnsStatus.NxDomain))
            {
                Add(AuditSeverity.Error, AuditCodes.DnsFailure,
                    $"{query.Type.ToString().ToUpperInvariant()} {query.Name}: {query.Status} ({query.Error}); receivers get temperror, which can be worse than publishing nothing (guide 4.3.2)",
                    query.Name);
            }
            else if (query.Elapsed >= Options.SlowAnswer)
            {
                Add(AuditSeverity.Warning, AuditCodes.DnsSlow,
                    $"{query.Type.ToString().ToUpperInvariant()} {query.Name} took {query.Elapsed.TotalSeconds:0.0} s: slow answers load receivers and end in temperror when they time out (guide 4.3.2)",
                    query.Name);
            }
        }
    }

    private static string? Normalize(string? domain)
        => string.IsNullOrWhiteSpace(domain) ? null
        : DomainName.TryParse(domain.Trim(), DomainNameRules.AllowTrailingDot, out DomainName name, out _) ? name.Value : domain.Trim();
}
