namespace MailAuth.Srs;

/// <summary>The header field an <see cref="SrsForwarder"/> adds with the forwarder's address (guide 4.2.1.2).</summary>
public enum SrsForwarderHeader
{
    /// <summary><c>Resent-Sender</c> (RFC 5322 §3.6.6): the first Resent-Sender is the Purported Responsible Address (RFC 4407 §2), so Sender ID checks the forwarder.</summary>
    ResentSender = 0,

    /// <summary><c>Sender</c> (RFC 5322 §3.6.2): also chosen by the PRA when there is no resent block. Only for a message that has no Sender field yet.</summary>
    Sender = 1,

    /// <summary>No header field; only the envelope sender is rewritten.</summary>
    None = 2,
}
