namespace MailAuth.Srs;

/// <summary>What an <see cref="SrsForwarder"/> decided for one forwarded message.</summary>
/// <param name="Envelope">The rewriting of the envelope sender: <see cref="SrsResult.Address"/> is the MAIL FROM to use.</param>
/// <param name="HeaderField">
/// The header field to prepend, without the final CRLF (e.g. <c>Resent-Sender: forwarder@fwd.example</c>), or
/// <see langword="null"/> when none is added or the envelope could not be rewritten.
/// </param>
public sealed record SrsForwarding(SrsResult Envelope, string? HeaderField)
{
    /// <summary><see langword="true"/> when the message can be forwarded with <see cref="SrsResult.Address"/> as its MAIL FROM.</summary>
    public bool Success => Envelope.Success;
}
