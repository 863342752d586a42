namespace MailAuth.Audit;

/// <summary>
/// The outcome of <see cref="DomainAuditor.AuditAsync"/>: the findings, the overall signal and a one-line summary.
/// A value: DNS failures and broken records are findings, never exceptions.
/// </summary>
public sealed record AuditResult
{
    internal AuditResult(string domain, IReadOnlyList<AuditFinding> findings, IReadOnlyList<AuditRotationStep> rotationPlan, int dnsQueries)
    {
        Domain = domain;
        Findings = findings;
        RotationPlan = rotationPlan;
        DnsQueries = dnsQueries;
        Signal = SignalOf(findings);
        Summary = Summarize(Signal, findings);
    }

    /// <summary>The audited domain (normalised when valid; escaped).</summary>
    public string Domain { get; }

    /// <summary>red when any finding is an <see cref="AuditSeverity.Error"/>, yellow when any is a <see cref="AuditSeverity.Warning"/>, else green.</summary>
    public AuditSignal Signal { get; }

    /// <summary>The signal, the counts and the first error or warning, in one line.</summary>
    public string Summary { get; }

    /// <summary>Every finding, errors first, in the order the checks ran within a severity.</summary>
    public IReadOnlyList<AuditFinding> Findings { get; }

    /// <summary>The DKIM key rotation plan (when the profile names a next selector), else empty.</summary>
    public IReadOnlyList<AuditRotationStep> RotationPlan { get; }

    /// <summary>The DNS queries the audit sent (each name and type at most once).</summary>
    public int DnsQueries { get; }

    /// <summary>The worst-case §4.6.4 look-up and void counts of the domain's SPF record (-1 when it was not counted); for tests.</summary>
    internal (long Lookups, long Voids) SpfCounts { get; init; } = (-1, -1);

    /// <summary>The signal rule of docs/audit.md: the highest severity decides.</summary>
    /// <param name="findings">The findings.</param>
    /// <returns>The signal.</returns>
    internal static AuditSignal SignalOf(IEnumerable<AuditFinding> findings)
    {
        var worst = AuditSeverity.Info;
        foreach (AuditFinding finding in findings)
        {
            worst = finding.Severity > worst ? finding.Severity : worst;
        }

        return worst switch
        {
            AuditSeverity.Error => AuditSignal.Red,
            AuditSeverity.Warning => AuditSignal.Yellow,
            _ => AuditSignal.Green,
        };
    }

    private static string Summarize(AuditSignal signal, IReadOnlyList<AuditFinding> findings)
    {
        int errors = findings.Count(f => f.Severity == AuditSeverity.Error);
        int warnings = findings.Count(f => f.Severity == AuditSeverity.Warning);
        string head = $"{signal.ToString().ToLowerInvariant()}: {errors} error(s), {warnings} warning(s)";
        AuditFinding? first = findings.FirstOrDefault(f => f.Severity != AuditSeverity.Info);
        return first is null ? head + "; SPF, DKIM and DMARC are set up right" : $"{head}; {first.Code}: {first.Message}";
    }

    /// <inheritdoc />
    public override string ToString() => Summary;
}
