using System.Net;
using MailAuth.Dmarc;
using MailAuth.Dns;

namespace MailAuth.Audit;

/// <summary>The DMARC checks: discovery under RFC 9989 and RFC 7489, the record's tags, report destinations, and alignment for the profile.</summary>
internal sealed partial class AuditRun
{
    /// <summary>The record that applies (RFC 9989 discovery, else RFC 7489), for the rotation plan's report interval.</summary>
    public DmarcRecord? PolicyRecord { get; private set; }

    private DmarcEvaluator Evaluator(DmarcMode mode)
        => new(Dns, new DmarcOptions { Mode = mode, TimeProvider = Options.TimeProvider, Timeout = Options.Timeout });

    private async ValueTask AuditDmarcAsync()
    {
        DmarcEvaluator treeWalk = Evaluator(DmarcMode.Rfc9989TreeWalk);
        DmarcEvaluator psl = Evaluator(DmarcMode.Rfc7489Psl);
        DmarcResult bis = await treeWalk.EvaluateAsync(Domain, DmarcSpfInput.None, null, CancellationToken).ConfigureAwait(false);
        DmarcResult old = await psl.EvaluateAsync(Domain, DmarcSpfInput.None, null, CancellationToken).ConfigureAwait(false);
        if (bis.Status == DmarcStatus.TempError || old.Status == DmarcStatus.TempError)
        {
            return; // DNS_QUERY_FAILED (or AUDIT_INCOMPLETE) says why; receivers get temperror
        }

        foreach (DmarcTreeWalkStep step in bis.Discovery.Concat(old.Discovery).Where(s => s.Status == DmarcLookupStatus.Multiple).DistinctBy(s => s.Domain))
        {
            Add(AuditSeverity.Error, AuditCodes.DmarcMultiple, $"_dmarc.{step.Domain} has more than one DMARC record: receivers discard them all (RFC 9989 §4.10, RFC 7489 §6.6.3); keep one", "_dmarc." + step.Domain);
        }

        CompareDiscovery(bis, old);
        DmarcResult primary = bis.Record is not null ? bis : old;
        if (primary.Record is not { } record || primary.PolicyDomain is not { } policyDomain)
        {
            Add(AuditSeverity.Warning, AuditCodes.DmarcNone,
                $"no DMARC record applies to {Domain} (neither at _dmarc.{Domain} nor at its Organizational Domain): receivers apply no policy and send no reports; start with 'v=DMARC1; p=none; rua=mailto:...'",
                "_dmarc." + Domain);
            return;
        }

        PolicyRecord = record;
        string name = "_dmarc." + policyDomain;
        string text = record.Text;
        if (Dns.Known<TxtRecord>(name, DnsRecordType.Txt) is { } answer && answer.Records.FirstOrDefault(r => r.Text == text) is { } published)
        {
            CheckStrings(published, name);
            CheckTtl(name, "DMARC", answer.TimeToLive, text);
        }

        if (!string.Equals(policyDomain, Domain, StringComparison.OrdinalIgnoreCase))
        {
            Add(AuditSeverity.Info, AuditCodes.DmarcInherited, $"{Domain} has no DMARC record of its own; the record of {policyDomain} applies (its {primary.PolicySource switch { DmarcPolicySource.Subdomain => "sp", DmarcPolicySource.NonExistentSubdomain => "np", _ => "p" }} tag)", name, text);
        }

        foreach (string problem in record.Problems)
        {
            Add(AuditSeverity.Warning, AuditCodes.DmarcSyntax, $"DMARC record: {problem}", name, text);
        }

        await CheckPolicyTagsAsync(primary, record, policyDomain, name, text).ConfigureAwait(false);
        await CheckAlignmentAsync(treeWalk, psl).ConfigureAwait(false);
    }

    // Where RFC 9989's DNS tree walk and RFC 7489's Public Suffix List disagree, receivers of either kind act differently.
    private void CompareDiscovery(DmarcResult bis, DmarcResult old)
    {
        string Describe(DmarcResult r) => r.Record is null
            ? $"no record (Organizational Domain {r.OrganizationalDomain ?? "unknown"})"
            : $"the record at _dmarc.{r.PolicyDomain} (Organizational Domain {r.OrganizationalDomain}, policy {r.Policy?.ToString().ToLowerInvariant() ?? "invalid"})";

        if (!string.Equals(bis.Record?.Text, old.Record?.Text, StringComparison.Ordinal)
            || !string.Equals(bis.PolicyDomain, old.PolicyDomain, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(bis.OrganizationalDomain, old.OrganizationalDomain, StringComparison.OrdinalIgnoreCase)
            || bis.Policy != old.Policy)
        {
            Add(AuditSeverity.Warning, AuditCodes.DmarcDiscoveryDiffers,
                $"receivers disagree: under RFC 9989 (DNS tree walk) {Describe(bis)} applies; under RFC 7489 (Public Suffix List) {Describe(old)}. Publish a record at _dmarc.{Domain} (or psd=n at the Organizational Domain) so both find the same one",
                "_dmarc." + Domain);
        }
    }

    private async ValueTask CheckPolicyTagsAsync(DmarcResult primary, DmarcRecord record, string policyDomain, string name, string text)
    {
        if (record.Policy is null)
        {
            Add(AuditSeverity.Error, AuditCodes.DmarcPolicyInvalid,
                record.IsPolicyInvalid ? "the p= tag is not none, quarantine or reject" : "the record has no p= tag"
                + "; receivers treat it as p=none when rua is valid, else ignore the record (RFC 9989 §4.10.1, RFC 7489 §6.6.3)",
                name, text, TagOffset(text, "p") is int p and >= 0 ? p : null);
        }

        if (primary.Policy is { } applied)
        {
            if (applied == DmarcPolicy.None)
            {
                Add(AuditSeverity.Warning, AuditCodes.DmarcMonitoring,
                    "the policy is none (monitoring only): receivers deliver mail that fails DMARC; once the aggregate reports show all your senders pass, move to quarantine and then reject",
                    name, text, PositionOf(text, primary.PolicySource));
            }
            else
            {
                Add(AuditSeverity.Info, AuditCodes.DmarcEnforced, $"the policy is {applied.ToString().ToLowerInvariant()}: receivers act on mail that fails DMARC", name, text, PositionOf(text, primary.PolicySource));
            }
        }

        if (record.HasPercentage && record.Percentage < 100)
        {
            Add(AuditSeverity.Warning, AuditCodes.DmarcPercentage,
                $"pct={record.Percentage}: RFC 7489 receivers apply the policy to that share of failing mail only (§6.6.4); RFC 9989 drops pct (Appendix A.6), so the two kinds of receivers act differently; use 100 (or no pct) once ready",
                name, text, TagOffset(text, "pct"));
        }

        if (record.TestingMode)
        {
            Add(AuditSeverity.Warning, AuditCodes.DmarcTesting, "t=y: RFC 9989 receivers apply one policy level less (§4.7); remove it once ready", name, text, TagOffset(text, "t"));
        }

        if (record.AggregateReportUris.Count == 0)
        {
            Add(AuditSeverity.Warning, AuditCodes.DmarcNoRua, "no valid rua: the domain gets no aggregate reports, so it cannot see who sends as it (guide 1.5.5)", name, text);
        }

        await CheckReportDestinationsAsync(record, policyDomain, name, text).ConfigureAwait(false);
        if (record.Policy is DmarcPolicy.Quarantine or DmarcPolicy.Reject)
        {
            if (record.SubdomainPolicy is { } sp && sp < record.Policy)
            {
                Add(AuditSeverity.Warning, AuditCodes.DmarcSubdomainWeaker, $"sp={sp.ToString().ToLowerInvariant()} is weaker than p: subdomains can be spoofed more easily than the domain itself", name, text, TagOffset(text, "sp"));
            }

            if (record.NonExistentSubdomainPolicy is { } np && np < record.Policy)
            {
                Add(AuditSeverity.Warning, AuditCodes.DmarcSubdomainWeaker, $"np={np.ToString().ToLowerInvariant()} is weaker than p: made-up subdomains can be spoofed (RFC 9091)", name, text, TagOffset(text, "np"));
            }
        }

        if (record.NonExistentSubdomainPolicy is null && !record.IsNonExistentSubdomainPolicyInvalid)
        {
            Add(AuditSeverity.Info, AuditCodes.DmarcNpAbsent, "no np tag: non-existent subdomains get the sp (or p) policy (RFC 9091, RFC 9989 §4.7); np=reject protects them even while sp is weaker", name, text);
        }
    }

    private static int? PositionOf(string text, DmarcPolicySource source)
    {
        int offset = TagOffset(text, source switch { DmarcPolicySource.Subdomain => "sp", DmarcPolicySource.NonExistentSubdomain => "np", _ => "p" });
        return offset >= 0 ? offset : null;
    }

    // RFC 7489 §7.1, RFC 9989 §11.6: a destination outside the Organizational Domain must authorize the reports.
    private async ValueTask CheckReportDestinationsAsync(DmarcRecord record, string policyDomain, string name, string text)
    {
        var authorization = new DmarcReportAuthorization(Dns);
        var uris = record.AggregateReportUris.Select(u => ("rua", u)).Concat(record.FailureReportUris.Select(u => ("ruf", u))).Take(Options.MaxReportDestinations);
        foreach ((string tag, DmarcReportUri uri) in uris)
        {
            DmarcReportAuthorizationResult verdict = await authorization.VerifyAsync(policyDomain, uri, CancellationToken).ConfigureAwait(false);
            if (verdict.Status is DmarcReportAuthorizationStatus.NotAuthorized or DmarcReportAuthorizationStatus.Invalid)
            {
                string why = verdict.Status == DmarcReportAuthorizationStatus.Invalid
                    ? $"has no usable destination ({verdict.Detail})"
                    : $"is outside the domain and {verdict.QueryName} has no v=DMARC1 record";
                Add(AuditSeverity.Warning, AuditCodes.DmarcReportUnauthorized,
                    $"{tag} destination {uri} {why}: receivers send no reports there (RFC 7489 §7.1); ask the destination to publish that record",
                    name, text, TagOffset(text, tag) is int p and >= 0 ? p : null);
            }
        }
    }

    /// <summary>
    /// Would mail sent as the profile describes pass DMARC? SPF: the real check_host() result of each profile IP for the
    /// envelope domain; DKIM: a pass for each usable selector's key with d= the profile's domain (RFC 9989 §4.4).
    /// </summary>
    private async ValueTask CheckAlignmentAsync(DmarcEvaluator treeWalk, DmarcEvaluator psl)
    {
        if (Addresses.Length == 0 && Selectors.Length == 0)
        {
            return;
        }

        DmarcDkimInput[] dkim = [.. UsableSelectors.Select(s => new DmarcDkimInput(DmarcAuthResult.Pass, DkimDomain, s))];
        IPAddress?[] sources = Addresses.Length == 0 ? new IPAddress?[1] : Addresses;
        var failures = new List<string>();
        bool spfAligned = false;
        bool dkimAligned = false;
        bool any = false;
        foreach (IPAddress? address in sources)
        {
            DmarcSpfInput spf = address is not null && EnvelopeSpf.TryGetValue(address, out var result)
                ? DmarcSpfInput.FromWord(result.Keyword, EnvelopeDomain)
                : DmarcSpfInput.None;
            foreach (DmarcEvaluator evaluator in (DmarcEvaluator[])[treeWalk, psl])
            {
                DmarcResult outcome = await evaluator.EvaluateAsync(Domain, spf, dkim, CancellationToken).ConfigureAwait(false);
                string mode = evaluator.Options.Mode == DmarcMode.Rfc9989TreeWalk ? "RFC 9989" : "RFC 7489";
                if (outcome.Status == DmarcStatus.Fail)
                {
                    failures.Add($"{(address is null ? "mail" : "mail from " + address)} fails under {mode}: {outcome.Reason}");
                }
                else if (outcome.Status == DmarcStatus.Pass)
                {
                    any = true;
                    spfAligned |= outcome.SpfAligned;
                    dkimAligned |= outcome.DkimAligned;
                }
            }
        }

        if (failures.Count > 0)
        {
            Add(AuditSeverity.Error, AuditCodes.DmarcProfileFails,
                $"mail sent as the profile describes would fail DMARC ({string.Join("; ", failures.Distinct().Take(4))}); align the envelope domain ({EnvelopeDomain}) with {Domain} and make SPF pass for it, or sign with d={Domain} (or a subdomain) and publish the key",
                "_dmarc." + Domain);
        }
        else if (any)
        {
            string how = spfAligned && dkimAligned ? "SPF and DKIM are both aligned" : spfAligned ? "only SPF is aligned" : "only DKIM is aligned";
            Add(AuditSeverity.Info, AuditCodes.DmarcProfilePasses, $"mail sent as the profile describes passes DMARC: {how}", "_dmarc." + Domain);
            if (spfAligned != dkimAligned)
            {
                Add(AuditSeverity.Info, AuditCodes.DmarcSingleAlignment,
                    spfAligned
                        ? "DMARC passes through SPF alone: forwarded mail fails SPF, so sign with an aligned DKIM key as well"
                        : $"DMARC passes through DKIM alone: that is usual for a sending service ({EnvelopeDomain}); an aligned envelope domain would add SPF as a backup");
            }
        }
    }
}
