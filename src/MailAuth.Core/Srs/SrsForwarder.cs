using MailAuth.Text;

namespace MailAuth.Srs;

/// <summary>
/// The forwarding step of guide 4.2.1.2: rewrites the envelope sender of a forwarded message into the forwarder's domain
/// with SRS, so that SPF at the next hop checks the forwarder, and adds a Resent-Sender (or Sender) field with the
/// forwarder's address, so that Sender ID's Purported Responsible Address (RFC 4407 §2) is the forwarder too. For
/// bounces, <see cref="RouteBounce"/> decodes an SRS recipient and refuses forged, expired and looping ones.
/// Immutable and safe to share across threads.
/// </summary>
public sealed class SrsForwarder
{
    private readonly SrsRewriter _rewriter;
    private readonly string _address;
    private readonly string _domain;
    private readonly SrsForwarderHeader _header;

    /// <summary>Creates a forwarder.</summary>
    /// <param name="rewriter">The SRS rewriter with the forwarder's secrets.</param>
    /// <param name="forwarderAddress">The forwarder's own address (<c>local@domain</c>); its domain is the SRS alias domain.</param>
    /// <param name="header">The header field to add.</param>
    /// <exception cref="ArgumentException"><paramref name="forwarderAddress"/> is not a plain address (control characters, spaces, no domain).</exception>
    public SrsForwarder(SrsRewriter rewriter, string forwarderAddress, SrsForwarderHeader header = SrsForwarderHeader.ResentSender)
    {
        ArgumentNullException.ThrowIfNull(rewriter);
        ArgumentNullException.ThrowIfNull(forwarderAddress);
        int at = forwarderAddress.LastIndexOf('@');
        if (at <= 0 || forwarderAddress.AsSpan().IndexOfAny(" \t\r\n<>\"(),;:\\") >= 0 || !System.Text.Ascii.IsValid(forwarderAddress)
            || !DomainName.IsValid(forwarderAddress.AsSpan(at + 1), DomainNameRules.AllowSingleLabel))
        {
            throw new ArgumentException("The forwarder address must be a plain local@domain address in ASCII.", nameof(forwarderAddress));
        }

        _rewriter = rewriter;
        _address = forwarderAddress;
        _domain = forwarderAddress[(at + 1)..];
        _header = OptionChecks.Defined(header, nameof(header));
    }

    /// <summary>The SRS alias domain (the forwarder address's domain).</summary>
    public string Domain => _domain;

    /// <summary>Rewrites the envelope sender of a message being forwarded and gives the header field to add.</summary>
    /// <param name="mailFrom">The MAIL FROM of the received message; empty for the null reverse-path (kept null).</param>
    /// <returns>The new envelope sender and header field, or the rewriting error (the caller should not forward with the old sender).</returns>
    public SrsForwarding Forward(string? mailFrom)
    {
        SrsResult envelope = _rewriter.Forward(mailFrom, _domain);
        string? field = !envelope.Success || _header == SrsForwarderHeader.None
            ? null
            : (_header == SrsForwarderHeader.Sender ? "Sender: " : "Resent-Sender: ") + _address;
        return new SrsForwarding(envelope, field);
    }

    /// <summary>
    /// Decides where a bounce addressed to <paramref name="recipient"/> goes: an SRS address is decoded (SRS0 → the
    /// original sender, SRS1 → the first forwarder's SRS0 address); a forged, expired or malformed one is an error, so
    /// the bounce is refused rather than sent to a forged target. A decoded address that is again an SRS address in our
    /// own domain is refused as a loop.
    /// </summary>
    /// <param name="recipient">The RCPT TO address of the bounce.</param>
    /// <returns>The address to send the bounce on to, or why not; <see cref="SrsError.NotSrs"/> for an ordinary recipient.</returns>
    public SrsResult RouteBounce(string? recipient)
    {
        SrsResult decoded = _rewriter.Reverse(recipient);
        if (decoded.Success
            && SrsRewriter.GetKind(decoded.Address) != SrsAddressKind.None
            && decoded.Address!.EndsWith("@" + _domain, StringComparison.OrdinalIgnoreCase))
        {
            return SrsResult.Fail(SrsError.Loop, "decodes to another SRS address in our own domain", decoded.Kind);
        }

        return decoded;
    }
}
