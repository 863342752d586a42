using System.Net;
using MailAuth.Dmarc;
using MailAuth.Policy;
using MailAuth.Spf;

namespace MailAuth.Reports;

/// <summary>
/// Turns what a receiver did with a message — the facade's <see cref="AuthenticationOutcome"/>, the disposition it really
/// applied and why it differed from the policy — into aggregate report rows (RFC 9990 §2.1, RFC 7489 §7.2) and records them
/// into an <see cref="IDmarcReportStore"/>. Immutable and thread-safe.
/// </summary>
public sealed class DmarcReportRecorder
{
    private readonly DmarcReportRecorderOptions _options;

    /// <summary>Creates a recorder.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public DmarcReportRecorder(DmarcReportRecorderOptions? options = null)
    {
        options ??= new DmarcReportRecorderOptions();
        options.Validate();
        _options = options;
    }

    /// <summary>
    /// The rows one message adds: one per DMARC-evaluated From domain that has a policy record (and an <c>rua</c>, unless
    /// <see cref="DmarcReportRecorderOptions.RequireAggregateReportUri"/> is off). Messages without a record give none.
    /// </summary>
    /// <param name="outcome">The facade's result for the message.</param>
    /// <param name="appliedDisposition">What the receiver did: delivered (<see cref="DmarcPolicy.None"/>), quarantined or rejected.</param>
    /// <param name="policyOverride">Why that differs from the policy (RFC 9990 <c>reason</c>), or <see langword="null"/>.
    /// <c>sampled_out</c> and <c>policy_test_mode</c> are added from the DMARC result when they apply.</param>
    /// <param name="envelopeTo">The envelope recipient domain to report, or <see langword="null"/> (RFC 9990 §3: optional; privacy).</param>
    /// <returns>The entries, each with count 1.</returns>
    public IReadOnlyList<DmarcReportEntry> CreateEntries(AuthenticationOutcome outcome, DmarcPolicy appliedDisposition, DmarcPolicyOverride? policyOverride = null, string? envelopeTo = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        DateTimeOffset now = _options.TimeProvider.GetUtcNow();
        long intervalSeconds = (long)_options.Interval.TotalSeconds;
        long begin = Math.DivRem(now.ToUnixTimeSeconds(), intervalSeconds, out long remainder) * intervalSeconds;
        if (remainder < 0)
        {
            begin -= intervalSeconds;
        }

        IReadOnlyList<DmarcResult> results = outcome.Dmarc.AuthorResults.Count > 0 ? outcome.Dmarc.AuthorResults : [outcome.Dmarc];
        var entries = new List<DmarcReportEntry>(results.Count);
        foreach (DmarcResult dmarc in results)
        {
            if (dmarc.Record is not { } record || dmarc.PolicyDomain is not { } policyDomain || dmarc.AuthorDomain is not { } authorDomain)
            {
                continue;
            }

            if (_options.RequireAggregateReportUri && !record.HasValidAggregateReportUri)
            {
                continue;
            }

            var interval = new DmarcReportInterval(
                policyDomain.ToLowerInvariant(),
                DateTimeOffset.FromUnixTimeSeconds(begin),
                DateTimeOffset.FromUnixTimeSeconds(begin + intervalSeconds));
            entries.Add(new DmarcReportEntry(interval, DmarcPublishedPolicy.FromRecord(policyDomain, record, dmarc.Mode), CreateRecord(outcome, dmarc, authorDomain, appliedDisposition, policyOverride, envelopeTo)));
        }

        return entries;
    }

    /// <summary>Creates the rows of one message (<see cref="CreateEntries"/>) and adds them to <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="outcome">The facade's result for the message.</param>
    /// <param name="appliedDisposition">What the receiver did.</param>
    /// <param name="policyOverride">Why that differs from the policy, or <see langword="null"/>.</param>
    /// <param name="envelopeTo">The envelope recipient domain to report, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of rows recorded (0 when the message has nothing to report).</returns>
    public async Task<int> RecordAsync(IDmarcReportStore store, AuthenticationOutcome outcome, DmarcPolicy appliedDisposition, DmarcPolicyOverride? policyOverride = null, string? envelopeTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        IReadOnlyList<DmarcReportEntry> entries = CreateEntries(outcome, appliedDisposition, policyOverride, envelopeTo);
        if (entries.Count > 0)
        {
            await store.RecordAsync(entries, cancellationToken).ConfigureAwait(false);
        }

        return entries.Count;
    }

    /// <summary>
    /// Records a message as a <see cref="ReceiverPolicy"/> decided it: the decision's <see cref="PolicyDecision.AppliedDisposition"/>
    /// is the disposition, and its <see cref="PolicyDecision.Override"/> (with <see cref="PolicyDecision.OverrideComment"/>) the
    /// <c>reason</c> (RFC 9990 §2.1 <c>PolicyOverrideReason</c>, RFC 7489 §7.2). <c>policy_test_mode</c> and <c>sampled_out</c>
    /// appear once, whether the decision or the DMARC result gives them.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="outcome">The facade's result for the message.</param>
    /// <param name="decision">The policy's decision for the message (for one recipient domain: record one decision per message).</param>
    /// <param name="envelopeTo">The envelope recipient domain to report, or <see langword="null"/> (RFC 9990 §3: optional; privacy).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of rows recorded (0 when the message has nothing to report).</returns>
    public Task<int> RecordAsync(IDmarcReportStore store, AuthenticationOutcome outcome, PolicyDecision decision, string? envelopeTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return RecordAsync(store, outcome, decision.AppliedDisposition, ToOverride(decision), envelopeTo, cancellationToken);
    }

    /// <summary>The report <c>reason</c> of a policy decision, or <see langword="null"/> when it has none.</summary>
    internal static DmarcPolicyOverride? ToOverride(PolicyDecision decision)
    {
        // RFC 7489 Appendix C / RFC 9990 PolicyOverrideType: the policy layer's reasons are the report's words.
        DmarcOverrideReason? type = decision.Override switch
        {
            PolicyOverride.None => null,
            PolicyOverride.TrustedForwarder => DmarcOverrideReason.TrustedForwarder,
            PolicyOverride.MailingList => DmarcOverrideReason.MailingList,
            PolicyOverride.LocalPolicy => DmarcOverrideReason.LocalPolicy,
            PolicyOverride.PolicyTestMode => DmarcOverrideReason.PolicyTestMode,
            PolicyOverride.SampledOut => DmarcOverrideReason.SampledOut,
            _ => DmarcOverrideReason.Other,
        };
        return type is { } t ? new DmarcPolicyOverride(t, decision.OverrideComment) : null;
    }

    private static DmarcReportRecord CreateRecord(AuthenticationOutcome outcome, DmarcResult dmarc, string authorDomain, DmarcPolicy applied, DmarcPolicyOverride? policyOverride, string? envelopeTo)
    {
        // RFC 9990 ActionDispositionType: "pass" = no action, passing DMARC under an enforcing policy.
        DmarcReportDisposition disposition = applied switch
        {
            DmarcPolicy.Reject => DmarcReportDisposition.Reject,
            DmarcPolicy.Quarantine => DmarcReportDisposition.Quarantine,
            _ when dmarc.Status == DmarcStatus.Pass && dmarc.Policy is DmarcPolicy.Quarantine or DmarcPolicy.Reject => DmarcReportDisposition.Pass,
            _ => DmarcReportDisposition.None,
        };

        var reasons = new List<DmarcPolicyOverride>(2);
        if (policyOverride is not null)
        {
            reasons.Add(policyOverride);
        }

        // RFC 7489 §6.6.4 / RFC 9990 PolicyOverrideType: say why the disposition is below the policy.
        if (dmarc.SampledOut && !reasons.Exists(r => r.Type == DmarcOverrideReason.SampledOut))
        {
            reasons.Add(new DmarcPolicyOverride(DmarcOverrideReason.SampledOut));
        }

        if (dmarc.TestingModeApplied && !reasons.Exists(r => r.Type == DmarcOverrideReason.PolicyTestMode))
        {
            reasons.Add(new DmarcPolicyOverride(DmarcOverrideReason.PolicyTestMode));
        }

        SpfResult spf = outcome.Spf;
        string? envelopeFrom = spf.Identity == SpfIdentity.MailFrom && spf.Domain.Length > 0 ? spf.Domain.ToLowerInvariant() : null;
        DmarcReportSpfResult[] spfResults = spf.Domain.Length == 0
            ? []
            : [new DmarcReportSpfResult(spf.Domain.ToLowerInvariant(), spf.Identity == SpfIdentity.Helo ? "helo" : "mfrom", spf.Keyword)];
        DmarcReportDkimResult[] dkimResults = outcome.Dkim
            .Where(d => d.Domain is not null)
            .Select(d => new DmarcReportDkimResult(d.Domain!.ToLowerInvariant(), d.Selector, d.Keyword))
            .ToArray();

        IPAddress ip = outcome.Context.ClientIp;
        return new DmarcReportRecord
        {
            SourceIp = (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString(),
            Count = 1,
            Disposition = disposition,
            DkimAligned = dmarc.DkimAligned,
            SpfAligned = dmarc.SpfAligned,
            Reasons = reasons,
            HeaderFrom = authorDomain.ToLowerInvariant(),
            EnvelopeFrom = envelopeFrom,
            EnvelopeTo = envelopeTo?.ToLowerInvariant(),
            DkimResults = dkimResults,
            SpfResults = spfResults,
        };
    }
}
