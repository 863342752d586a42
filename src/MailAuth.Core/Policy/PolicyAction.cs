namespace MailAuth.Policy;

/// <summary>What the MTA does with a message (guide 6.3.2.3, figure 6-11).</summary>
public enum PolicyAction
{
    /// <summary>Deliver as usual.</summary>
    Accept = 0,

    /// <summary>Deliver, adding <see cref="PolicyDecision.HeadersToAdd"/> and, when set, the <see cref="PolicyDecision.SubjectTag"/>: nothing is lost, users filter.</summary>
    Mark = 1,

    /// <summary>Deliver to quarantine (the spam folder).</summary>
    Quarantine = 2,

    /// <summary>Refuse at SMTP with <see cref="PolicyDecision.SmtpReply"/>.</summary>
    Reject = 3,

    /// <summary>Accept at SMTP (<see cref="PolicyDecision.SmtpReply"/> is a 250) and drop the message: for NDRs, whose rejection only makes useless bounces.</summary>
    Discard = 4,
}
