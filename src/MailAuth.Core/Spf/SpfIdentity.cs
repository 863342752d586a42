namespace MailAuth.Spf;

/// <summary>Which identity an SPF (or Sender ID) check authorized (RFC 7208 §2.3, §2.4; RFC 4406 §4).</summary>
public enum SpfIdentity
{
    /// <summary>The MAIL FROM (reverse-path) domain, or postmaster@HELO when MAIL FROM is empty (RFC 7208 §2.4).</summary>
    MailFrom = 0,

    /// <summary>The HELO/EHLO domain (RFC 7208 §2.3).</summary>
    Helo,

    /// <summary>The Purported Responsible Address of a message (Sender ID, RFC 4407).</summary>
    Pra,
}
