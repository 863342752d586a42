namespace SmtpServerSample;

/// <summary>The <c>Smtp</c> section of appsettings.json.</summary>
public sealed class SmtpSampleOptions
{
    /// <summary>The server name in the greeting.</summary>
    public string ServerName { get; set; } = "mx.example.net";

    /// <summary>The address to listen on; loopback only by default.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The port for mail from other MTAs: verified, stamped with Authentication-Results, rejected per DMARC.</summary>
    public int InboundPort { get; set; } = 2525;

    /// <summary>The port for mail from our own users: DKIM-signed and queued. Unauthenticated in this sample, so keep it on loopback.</summary>
    public int SubmissionPort { get; set; } = 2587;

    /// <summary>Where messages are written: <c>inbox/</c> for received mail, <c>outbox/</c> for signed submissions.</summary>
    public string MailDirectory { get; set; } = "mail";

    /// <summary>Refuse mail whose DMARC disposition is reject (RFC 7489 §6.7, RFC 9989 §5.8) with 550 5.7.1, when no <c>MailAuth:Policy</c> is configured (with one, the receiver policy decides).</summary>
    public bool RejectOnDmarc { get; set; } = true;
}
