namespace MailAuth.Dmarc;

/// <summary>Identifier alignment mode (<c>adkim</c>, <c>aspf</c>; RFC 7489 §3.1, RFC 9989 §3.2.10).</summary>
public enum DmarcAlignmentMode
{
    /// <summary><c>r</c>: same Organizational Domain.</summary>
    Relaxed = 0,

    /// <summary><c>s</c>: identical domains.</summary>
    Strict = 1,
}
