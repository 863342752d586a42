namespace MailAuth.Spf;

/// <summary>The scopes of a Sender ID record (<c>spf2.0/pra,mfrom</c>, RFC 4406 §3.3). Sender ID is historic.</summary>
[Flags]
public enum SenderIdScope
{
    /// <summary>No known scope.</summary>
    None = 0,

    /// <summary><c>mfrom</c>: the MAIL FROM identity.</summary>
    MailFrom = 1,

    /// <summary><c>pra</c>: the Purported Responsible Address of RFC 4407.</summary>
    Pra = 2,
}
