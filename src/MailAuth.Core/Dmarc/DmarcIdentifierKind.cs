namespace MailAuth.Dmarc;

/// <summary>Which mechanism produced an Authenticated Identifier.</summary>
public enum DmarcIdentifierKind
{
    /// <summary>SPF (RFC 9989 §4.4.2).</summary>
    Spf = 0,

    /// <summary>DKIM (RFC 9989 §4.4.1).</summary>
    Dkim = 1,
}
