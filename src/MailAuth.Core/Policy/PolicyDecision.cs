using MailAuth.Dmarc;

namespace MailAuth.Policy;

/// <summary>
/// What to do with one message for one recipient domain: the action, the SMTP reply, the header fields to add, why,
/// and the override reason recorded in DMARC aggregate reports (RFC 7489 §7.2, Appendix C; RFC 9990).
/// Every text in it is printable US-ASCII without CR or LF, so an MTA can put it on the wire or in a header as it is.
/// </summary>
public sealed record PolicyDecision
{
    /// <summary>The action.</summary>
    public PolicyAction Action { get; init; }

    /// <summary>The SMTP reply for <see cref="PolicyAction.Reject"/> (5xx) and <see cref="PolicyAction.Discard"/> (250); <see langword="null"/> otherwise.</summary>
    public SmtpReply? SmtpReply { get; init; }

    /// <summary>Header fields to add when delivering (for <see cref="PolicyAction.Mark"/>).</summary>
    public IReadOnlyList<PolicyHeader> HeadersToAdd { get; init; } = Array.Empty<PolicyHeader>();

    /// <summary>The tag to put in front of the Subject (for <see cref="PolicyAction.Mark"/>), or <see langword="null"/>.</summary>
    public string? SubjectTag { get; init; }

    /// <summary>Why, in words.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>Why the action differs from what DMARC asked.</summary>
    public PolicyOverride Override { get; init; }

    /// <summary>The report word of <see cref="Override"/> (<c>trusted_forwarder</c>, <c>mailing_list</c>, <c>local_policy</c>, <c>policy_test_mode</c>, <c>sampled_out</c>), or <see langword="null"/>.</summary>
    public string? OverrideKeyword => ToKeyword(Override);

    /// <summary>
    /// The evidence behind <see cref="Override"/> in a few words that name no recipient domain, for the <c>comment</c> of the
    /// aggregate report's <c>reason</c> (RFC 9990 <c>PolicyOverrideReason</c>): e.g. <c>allowlisted sender domain</c>,
    /// <c>trusted ARC sealer arc.example</c>, <c>mailing list lists.example.org</c>, <c>filtering off</c>; <see langword="null"/> when there is nothing to add.
    /// </summary>
    public string? OverrideComment { get; init; }

    /// <summary>
    /// For a recipient domain with filtering off and a failing message: the action its settings would have taken with
    /// filtering on (guide 6.3.2.1: whom switching filtering on would hurt). <see langword="null"/> otherwise.
    /// </summary>
    public PolicyAction? FilteredAction { get; init; }

    /// <summary>The disposition DMARC asked for (<see cref="PolicyInput.Disposition"/>).</summary>
    public DmarcPolicy DmarcDisposition { get; init; }

    /// <summary>
    /// The disposition applied, for the aggregate report's <c>disposition</c>: <c>none</c> for accept, <c>quarantine</c> for mark
    /// and quarantine (the mail is flagged as suspicious, RFC 7489 §6.3), <c>reject</c> for reject and discard.
    /// </summary>
    public DmarcPolicy AppliedDisposition => Action switch
    {
        PolicyAction.Mark or PolicyAction.Quarantine => DmarcPolicy.Quarantine,
        PolicyAction.Reject or PolicyAction.Discard => DmarcPolicy.Reject,
        _ => DmarcPolicy.None,
    };

    /// <summary>The recipient domain whose settings applied, or <c>*</c> for the default settings.</summary>
    public string PolicyDomain { get; init; } = "*";

    /// <summary>The report word of an override.</summary>
    /// <param name="value">The override.</param>
    /// <returns>The word, or <see langword="null"/> for <see cref="PolicyOverride.None"/>.</returns>
    public static string? ToKeyword(PolicyOverride value) => value switch
    {
        PolicyOverride.TrustedForwarder => "trusted_forwarder",
        PolicyOverride.MailingList => "mailing_list",
        PolicyOverride.LocalPolicy => "local_policy",
        PolicyOverride.PolicyTestMode => "policy_test_mode",
        PolicyOverride.SampledOut => "sampled_out",
        _ => null,
    };

    // The lower-case word of an action, as metrics and statistics name it.
    internal static string ToWord(PolicyAction action) => action switch
    {
        PolicyAction.Accept => "accept",
        PolicyAction.Mark => "mark",
        PolicyAction.Quarantine => "quarantine",
        PolicyAction.Reject => "reject",
        PolicyAction.Discard => "discard",
        _ => "other",
    };

    /// <summary>The Subject with <see cref="SubjectTag"/> in front (once: a subject already starting with the tag is returned as it is).</summary>
    /// <param name="subject">The Subject field value, or <see langword="null"/>.</param>
    /// <returns>The new value.</returns>
    public string ApplySubjectTag(string? subject)
    {
        subject ??= string.Empty;
        if (SubjectTag is null || subject.TrimStart().StartsWith(SubjectTag, StringComparison.OrdinalIgnoreCase))
        {
            return subject;
        }

        return subject.Length == 0 ? SubjectTag : SubjectTag + " " + subject.TrimStart();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Action.ToString().ToLowerInvariant()} ({Reason}){(OverrideKeyword is null ? string.Empty : " override=" + OverrideKeyword)}";
}
