namespace MailAuth.Policy;

/// <summary>An SMTP reply (RFC 5321 §4.2) with its enhanced status code (RFC 3463, RFC 7372).</summary>
/// <param name="Code">The three-digit reply code, e.g. 550.</param>
/// <param name="EnhancedCode">The enhanced status code, e.g. <c>5.7.26</c>.</param>
/// <param name="Text">The reply text: printable US-ASCII only (anything else was replaced by <c>?</c>).</param>
public sealed record SmtpReply(int Code, string EnhancedCode, string Text)
{
    /// <summary>The reply line without CRLF, e.g. <c>550 5.7.26 Message rejected</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => $"{Code} {EnhancedCode} {Text}";
}
