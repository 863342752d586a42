namespace MailAuth.Dmarc;

/// <summary>A Domain Owner Assessment Policy (<c>p</c>, <c>sp</c>, <c>np</c>; RFC 7489 §6.3, RFC 9989 §4.7) or a disposition.</summary>
public enum DmarcPolicy
{
    /// <summary><c>none</c>: no preference; deliver as usual.</summary>
    None = 0,

    /// <summary><c>quarantine</c>: treat failing mail as suspicious.</summary>
    Quarantine = 1,

    /// <summary><c>reject</c>: failing mail should be rejected.</summary>
    Reject = 2,
}
