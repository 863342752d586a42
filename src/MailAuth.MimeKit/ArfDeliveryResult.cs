namespace MailAuth.MimeKit;

/// <summary>The <c>Delivery-Result</c> of an authentication failure report (RFC 6591 §3.2.2).</summary>
public enum ArfDeliveryResult
{
    /// <summary><c>delivered</c>.</summary>
    Delivered = 0,

    /// <summary><c>spam</c>: delivered to the spam folder.</summary>
    Spam = 1,

    /// <summary><c>policy</c>: not delivered to the inbox because authentication failed.</summary>
    Policy = 2,

    /// <summary><c>reject</c>.</summary>
    Reject = 3,

    /// <summary><c>other</c>.</summary>
    Other = 4,
}
