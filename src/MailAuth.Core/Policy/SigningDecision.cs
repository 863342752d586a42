using MailAuth.Keys;

namespace MailAuth.Policy;

/// <summary>The signing decision for one outgoing message.</summary>
public sealed record SigningDecision
{
    /// <summary>The action.</summary>
    public SigningAction Action { get; init; }

    /// <summary>The signing domain (<c>d=</c>) when signing, else <see langword="null"/>.</summary>
    public string? Domain { get; init; }

    /// <summary>The selector (<c>s=</c>) when signing, else <see langword="null"/>.</summary>
    public string? Selector { get; init; }

    /// <summary>The private key when signing, else <see langword="null"/>.</summary>
    public DkimSigningKey? Key { get; init; }

    /// <summary><see langword="true"/> when the signature's <c>d=</c> is not the From domain's (a third-party signature, guide 6.2.2 policy 1).</summary>
    public bool ThirdParty { get; init; }

    /// <summary>The SMTP reply for <see cref="SigningAction.Refuse"/>, else <see langword="null"/>.</summary>
    public SmtpReply? SmtpReply { get; init; }

    /// <summary>Why, in words (printable ASCII).</summary>
    public string Reason { get; init; } = string.Empty;
}
