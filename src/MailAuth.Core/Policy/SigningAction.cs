namespace MailAuth.Policy;

/// <summary>What to do with an outgoing message.</summary>
public enum SigningAction
{
    /// <summary>Sign with <see cref="SigningDecision.Key"/> as <c>d=</c><see cref="SigningDecision.Domain"/>, <c>s=</c><see cref="SigningDecision.Selector"/>.</summary>
    Sign = 0,

    /// <summary>Send without a signature.</summary>
    SendUnsigned = 1,

    /// <summary>Refuse the message with <see cref="SigningDecision.SmtpReply"/>.</summary>
    Refuse = 2,
}
