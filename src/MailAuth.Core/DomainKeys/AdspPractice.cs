namespace MailAuth.DomainKeys;

/// <summary>The outbound signing practice an ADSP record states (RFC 5617 §4.2.1 <c>dkim=</c>).</summary>
public enum AdspPractice
{
    /// <summary>No ADSP record (or none was looked up).</summary>
    None = 0,

    /// <summary><c>dkim=unknown</c>, or a value ADSP does not define ("Any other values are treated as unknown").</summary>
    Unknown,

    /// <summary><c>dkim=all</c>: all mail from the domain carries an Author Domain Signature.</summary>
    All,

    /// <summary><c>dkim=discardable</c>: as <see cref="All"/>, and mail without one may be discarded.</summary>
    Discardable,
}
