namespace MailAuth.Policy;

/// <summary>The action a customer domain chooses for spoofed mail: DMARC failed and the domain owner asked for quarantine or reject (guide 6.3.2.3).</summary>
public enum SpoofedMailAction
{
    /// <summary>Do what DMARC asks: quarantine for <c>p=quarantine</c>, reject for <c>p=reject</c> (RFC 7489 §6.3).</summary>
    FollowDmarc = 0,

    /// <summary>Mark it (header, optional Subject tag) and deliver.</summary>
    Mark = 1,

    /// <summary>Quarantine it.</summary>
    Quarantine = 2,

    /// <summary>Reject it at SMTP.</summary>
    Reject = 3,

    /// <summary>Accept and discard it.</summary>
    Discard = 4,
}
