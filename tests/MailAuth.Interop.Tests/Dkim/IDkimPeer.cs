namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// One DKIM implementation in the interop matrix (ours or a peer). Capabilities are static facts about
/// the implementation (so the matrix is the same on every machine); availability is probed at run time.
/// </summary>
internal interface IDkimPeer
{
    /// <summary>Short name used in test case names.</summary>
    string Name { get; }

    /// <summary>Null when the peer can run here, else what is missing (for the skip/fail message).</summary>
    string? Unavailable { get; }

    /// <summary>Null when this peer can produce such a signature, else why not (documented in docs/dkim-interop.md).</summary>
    string? CannotSign(DkimSignRequest request);

    /// <summary>Null when this peer can verify such a signature, else why not.</summary>
    string? CannotVerify(DkimSignRequest request);

    /// <summary>Signs <paramref name="message"/>; returns the message with the DKIM-Signature field prepended. Throws on harness errors.</summary>
    Task<byte[]> SignAsync(byte[] message, DkimSignRequest request);

    /// <summary>Verifies the DKIM-Signature of <paramref name="message"/> with the keys of the key table. Throws on harness errors.</summary>
    Task<DkimVerdict> VerifyAsync(byte[] message);

    /// <summary>Passes only when every DKIM-Signature of <paramref name="message"/> verifies (dual-signed messages).</summary>
    Task<DkimVerdict> VerifyEveryAsync(byte[] message);
}
