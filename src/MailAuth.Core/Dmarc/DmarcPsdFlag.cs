namespace MailAuth.Dmarc;

/// <summary>The <c>psd</c> tag (RFC 9989 §4.7).</summary>
public enum DmarcPsdFlag
{
    /// <summary><c>u</c> (default): may or may not be an Organizational Domain; the tree walk decides.</summary>
    Unspecified = 0,

    /// <summary><c>y</c>: the domain is a Public Suffix Domain.</summary>
    Yes = 1,

    /// <summary><c>n</c>: the domain is an Organizational Domain.</summary>
    No = 2,
}
