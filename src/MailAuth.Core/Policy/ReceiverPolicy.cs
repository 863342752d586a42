using MailAuth.Arc;
using MailAuth.Diagnostics;
using MailAuth.Dmarc;
using MailAuth.Spf;

namespace MailAuth.Policy;

/// <summary>
/// Receiver policy per recipient (customer) domain (guide 6.3.2): turns authentication results into a
/// <see cref="PolicyDecision"/> an MTA acts on. The default follows the DMARC disposition (RFC 7489 §6.3); a customer
/// domain can switch filtering off, allowlist senders, IP ranges, trusted forwarders and ARC sealers and mailing lists,
/// and choose the action for spoofed mail. Each departure from DMARC carries its report reason (RFC 7489 §7.2).
/// The configuration is an immutable snapshot swapped atomically by <see cref="TryReload"/>: decisions running during a
/// reload see the old or the new configuration, never a mix. Safe to share across threads.
/// </summary>
public sealed class ReceiverPolicy
{
    private ReceiverPolicySnapshot _snapshot;

    /// <summary>Creates a policy from validated settings.</summary>
    /// <param name="settings">The settings.</param>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every error with its domain and key (use <see cref="Validate"/> to get them as values).</exception>
    public ReceiverPolicy(ReceiverPolicySettings settings)
        : this(settings, null)
    {
    }

    /// <summary>Creates a policy from validated settings that counts every decision in <paramref name="statistics"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="statistics">Where decisions are counted per customer and sender domain (guide 6.3.1.1), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every error with its domain and key (use <see cref="Validate"/> to get them as values).</exception>
    public ReceiverPolicy(ReceiverPolicySettings settings, PolicyStatistics? statistics)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<PolicyConfigError>();
        _snapshot = ReceiverPolicySnapshot.Compile(settings, 1, errors)
            ?? throw new ArgumentException("Invalid receiver policy: " + string.Join("; ", errors), nameof(settings));
        Statistics = statistics;
    }

    /// <summary>The statistics every decision is counted in, or <see langword="null"/>.</summary>
    public PolicyStatistics? Statistics { get; }

    /// <summary>How many times the configuration was loaded (1 after construction, +1 per successful reload).</summary>
    public long Generation => Volatile.Read(ref _snapshot).Generation;

    /// <summary>Checks settings without using them.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>Every error, each naming its domain and key; empty when valid.</returns>
    public static IReadOnlyList<PolicyConfigError> Validate(ReceiverPolicySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<PolicyConfigError>();
        ReceiverPolicySnapshot.Compile(settings, 0, errors);
        return errors;
    }

    /// <summary>Replaces the configuration atomically if <paramref name="settings"/> are valid; otherwise keeps the current one.</summary>
    /// <param name="settings">The new settings.</param>
    /// <param name="errors">Every error, each naming its domain and key; empty on success.</param>
    /// <returns><see langword="true"/> when the new configuration is in use.</returns>
    public bool TryReload(ReceiverPolicySettings settings, out IReadOnlyList<PolicyConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var list = new List<PolicyConfigError>();
        while (true)
        {
            ReceiverPolicySnapshot current = Volatile.Read(ref _snapshot);
            ReceiverPolicySnapshot? next = ReceiverPolicySnapshot.Compile(settings, current.Generation + 1, list);
            errors = list;
            if (next is null)
            {
                return false;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _snapshot, next, current), current))
            {
                return true;
            }

            list.Clear();
        }
    }

    /// <summary>Decides for a message checked by <see cref="MessageAuthenticator"/>.</summary>
    /// <param name="outcome">The authentication outcome.</param>
    /// <param name="recipient">The recipient address or domain (RCPT TO); its domain selects the settings.</param>
    /// <param name="arc">
    /// ARC evidence for the trusted-sealer override, or <see langword="null"/> to take it from the outcome's own ARC result
    /// (<see cref="AuthenticationOutcome.Arc"/>, through <see cref="ArcEvidence.FromResult"/>).
    /// </param>
    /// <returns>The decision.</returns>
    public PolicyDecision Decide(AuthenticationOutcome outcome, string recipient, ArcEvidence? arc = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Decide(PolicyInput.FromOutcome(outcome), recipient, arc ?? (outcome.Arc.Status == ArcStatus.None ? null : ArcEvidence.FromResult(outcome.Arc)));
    }

    /// <summary>Decides for one message and one recipient domain.</summary>
    /// <param name="input">The authentication results.</param>
    /// <param name="recipient">The recipient address or domain (RCPT TO); its domain selects the settings.</param>
    /// <param name="arc">ARC evidence for the trusted-sealer override, or <see langword="null"/>.</param>
    /// <returns>The decision; never throws for any input text.</returns>
    public PolicyDecision Decide(PolicyInput input, string recipient, ArcEvidence? arc = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(recipient);

        // One read of the snapshot: everything below uses one whole configuration.
        CompiledDomainPolicy policy = Volatile.Read(ref _snapshot).Find(recipient, out string? customer);
        PolicyDecision decision = Decide(policy, input, arc);
        Telemetry.CountDecision(PolicyDecision.ToWord(decision.Action), decision.OverrideKeyword ?? "none");
        Statistics?.RecordForDomain(customer, input, decision);
        return decision;
    }

    private static PolicyDecision Decide(CompiledDomainPolicy policy, PolicyInput input, ArcEvidence? arc)
    {
        string author = PolicyText.Token(input.AuthorDomain);
        var decision = new PolicyDecision { DmarcDisposition = input.Disposition, PolicyDomain = policy.Domain };

        // RFC 7489 §6.6.2: only a DMARC failure (or a permerror the evaluator turned into a disposition) is acted on.
        bool failed = input.Dmarc == DmarcStatus.Fail || input.Disposition != DmarcPolicy.None;
        if (!failed)
        {
            return decision with { Action = PolicyAction.Accept, Reason = $"dmarc={DmarcResult.ToKeyword(input.Dmarc)} header.from={author}" };
        }

        // Local policy overrides (RFC 7489 §6.7, §7.2 PolicyOverrideType), most specific evidence first.
        if (policy.AllowedSenderDomains.Matches(input.AuthorDomain))
        {
            return Accepted(decision, PolicyOverride.LocalPolicy, $"sender domain {author} is allowlisted for {policy.Domain}", "allowlisted sender domain");
        }

        if (policy.AllowedIpRanges.Contains(input.ClientIp))
        {
            return Accepted(decision, PolicyOverride.LocalPolicy, $"client {PolicyText.Token(input.ClientIp?.ToString())} is in an allowlisted range for {policy.Domain}", "allowlisted IP range");
        }

        if (policy.TrustedForwarders.Contains(input.ClientIp))
        {
            return Accepted(decision, PolicyOverride.TrustedForwarder, $"client {PolicyText.Token(input.ClientIp?.ToString())} is a trusted forwarder for {policy.Domain}", "trusted forwarder IP");
        }

        if (TrustedSealer(policy, arc) is { } sealer)
        {
            return Accepted(decision, PolicyOverride.TrustedForwarder, $"ARC chain passed and trusted sealer {PolicyText.Token(sealer.Domain)} (i={sealer.Instance}) recorded dmarc=pass", $"trusted ARC sealer {PolicyText.Token(sealer.Domain)}");
        }

        if (MailingList(policy, input) is { } list)
        {
            return Accepted(decision, PolicyOverride.MailingList, $"authenticated mailing list {PolicyText.Token(list)}", $"mailing list {PolicyText.Token(list)}");
        }

        if (!policy.Filtering)
        {
            // What filtering would have done, for the statistics of whom switching it on would hurt (guide 6.3.2.1).
            PolicyAction filtered = input.Disposition == DmarcPolicy.None ? PolicyAction.Accept : ChooseAction(policy, input);
            return Accepted(decision, PolicyOverride.LocalPolicy, $"filtering is off for {policy.Domain}", "filtering off") with { FilteredAction = filtered };
        }

        if (input.Disposition == DmarcPolicy.None)
        {
            // p=none, or p=quarantine/reject lowered to none by t=y or pct: deliver, recording why.
            PolicyOverride lowered = input.TestingMode ? PolicyOverride.PolicyTestMode : input.SampledOut ? PolicyOverride.SampledOut : PolicyOverride.None;
            return decision with { Action = PolicyAction.Accept, Override = lowered, Reason = $"dmarc=fail header.from={author}, disposition none" };
        }

        PolicyAction action = ChooseAction(policy, input);
        PolicyOverride why = input.TestingMode ? PolicyOverride.PolicyTestMode
            : input.SampledOut ? PolicyOverride.SampledOut
            : Strictness(action) < (int)input.Disposition ? PolicyOverride.LocalPolicy
            : PolicyOverride.None;
        string reason = $"dmarc=fail header.from={author} disposition={DmarcWords.ToWord(input.Disposition)}";
        decision = decision with { Action = action, Override = why, Reason = reason, OverrideComment = why == PolicyOverride.LocalPolicy ? $"receiver action {PolicyDecision.ToWord(action)}" : null };
        return action switch
        {
            PolicyAction.Mark => decision with
            {
                HeadersToAdd = [new PolicyHeader(policy.MarkHeader, $"dmarc=fail header.from={author} policy={DmarcWords.ToWord(input.RequestedPolicy ?? input.Disposition)}")],
                SubjectTag = policy.SubjectTag,
            },
            PolicyAction.Reject => decision with { SmtpReply = RejectReply(policy, input, author) },
            PolicyAction.Discard => decision with { SmtpReply = new SmtpReply(250, "2.0.0", "OK") },
            _ => decision,
        };
    }

    // The customer's action for a failing message with a quarantine or reject disposition (guide 6.3.2.3).
    private static PolicyAction ChooseAction(CompiledDomainPolicy policy, PolicyInput input) => policy.Action switch
    {
        SpoofedMailAction.Mark => PolicyAction.Mark,
        SpoofedMailAction.Quarantine => PolicyAction.Quarantine,
        SpoofedMailAction.Reject => PolicyAction.Reject,
        SpoofedMailAction.Discard => PolicyAction.Discard,
        _ => input.Disposition == DmarcPolicy.Reject ? PolicyAction.Reject : PolicyAction.Quarantine,
    };

    private static int Strictness(PolicyAction action) => action switch
    {
        PolicyAction.Reject or PolicyAction.Discard => (int)DmarcPolicy.Reject,
        PolicyAction.Mark or PolicyAction.Quarantine => (int)DmarcPolicy.Quarantine,
        _ => (int)DmarcPolicy.None,
    };

    private static PolicyDecision Accepted(PolicyDecision decision, PolicyOverride why, string reason, string comment)
        => decision with { Action = PolicyAction.Accept, Override = why, Reason = reason, OverrideComment = comment };

    // RFC 8617 §7.2: a receiver may use the AAR of a sealer it trusts, but only when the chain validated (cv=pass),
    // because only then is that AAR the one the sealer wrote.
    private static ArcSealerEvidence? TrustedSealer(CompiledDomainPolicy policy, ArcEvidence? arc)
    {
        if (arc is null || !arc.ChainPassed || arc.Sealers is null || policy.TrustedArcSealers.IsEmpty)
        {
            return null;
        }

        foreach (ArcSealerEvidence sealer in arc.Sealers)
        {
            if (sealer is not null && sealer.RecordedDmarc == DmarcStatus.Pass && sealer.Instance is >= 1 and <= 50
                && policy.TrustedArcSealers.Matches(sealer.Domain))
            {
                return sealer;
            }
        }

        return null;
    }

    // A list is recognised by an authenticated identity only: SPF pass for its envelope domain, or a valid DKIM d=.
    private static string? MailingList(CompiledDomainPolicy policy, PolicyInput input)
    {
        if (policy.MailingLists.IsEmpty)
        {
            return null;
        }

        if (input.Spf == SpfStatus.Pass && policy.MailingLists.MatchesSameOrSubdomain(input.SpfDomain))
        {
            return input.SpfDomain;
        }

        return input.DkimPassDomains?.FirstOrDefault(policy.MailingLists.MatchesSameOrSubdomain);
    }

    // RFC 7372 §3: 5.7.20 no passing DKIM signature, 5.7.21 no acceptable one, 5.7.22 none author-matched,
    // 5.7.26 several checks failed; 5.7.1 (RFC 3463) when none of them describes the failure.
    internal static string EnhancedCode(PolicyInput input)
    {
        bool dkimPassed = input.DkimPassDomains is { Count: > 0 };
        bool spfFailed = input.Spf is SpfStatus.Fail or SpfStatus.SoftFail;
        if (input.Dmarc != DmarcStatus.Fail)
        {
            return "5.7.1";
        }

        if (dkimPassed)
        {
            return input.DkimAligned ? "5.7.1" : "5.7.22";
        }

        if (input.DkimUnacceptable)
        {
            return "5.7.21";
        }

        return spfFailed ? "5.7.26" : "5.7.20";
    }

    private static SmtpReply RejectReply(CompiledDomainPolicy policy, PolicyInput input, string author)
    {
        string text = policy.RejectText ?? $"Message rejected: it fails the DMARC policy of {author}";
        return new SmtpReply(policy.RejectCode, EnhancedCode(input), PolicyText.IsPrintable(text) ? text : PolicyText.Token(text));
    }
}
