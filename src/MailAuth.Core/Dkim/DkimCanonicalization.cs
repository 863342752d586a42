namespace MailAuth.Dkim;

/// <summary>A DKIM canonicalization algorithm (RFC 6376 §3.4), used separately for the header and the body (<c>c=</c> tag).</summary>
public enum DkimCanonicalization
{
    /// <summary>"simple" (RFC 6376 §3.4.1 header, §3.4.3 body): tolerates almost no modification.</summary>
    Simple = 0,

    /// <summary>"relaxed" (RFC 6376 §3.4.2 header, §3.4.4 body): tolerates whitespace changes and header re-folding.</summary>
    Relaxed = 1,
}
