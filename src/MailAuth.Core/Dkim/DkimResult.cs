using MailAuth.Text;

namespace MailAuth.Dkim;

/// <summary>
/// The outcome of verifying one DKIM-Signature field: the RFC 8601 result word, the problem and a reason, and the
/// identities to report (<c>header.d</c>, <c>header.i</c>, <c>header.s</c>, <c>header.a</c>, <c>header.b</c>, RFC 6008).
/// </summary>
/// <remarks>
/// Problems map to result words in one place (<see cref="GetStatus"/>):
/// fail = body hash or signature mismatch; neutral = signature syntax errors; policy = key too small or too large,
/// rsa-sha1 not allowed, expired, timestamp in the future, content appended after <c>l=</c>; temperror = DNS failure; permerror = key problems
/// (none, malformed, revoked, wrong type, strict identity) and signatures beyond <see cref="DkimMessageVerifierOptions.MaxSignatures"/>.
/// </remarks>
public sealed record DkimResult
{
    private readonly string? _reason;

    internal DkimResult(int index, DkimProblem problem, string? reason)
    {
        Index = index;
        Problem = problem;
        Reason = reason;
    }

    /// <summary>The result, derived from <see cref="Problem"/> (<see cref="GetStatus"/>).</summary>
    public DkimStatus Status => GetStatus(Problem);

    /// <summary>The RFC 8601 result keyword (§2.7.1): "pass", "fail", ...</summary>
    public string Keyword => ToKeyword(Status);

    /// <summary>What went wrong, or <see cref="DkimProblem.None"/> for a pass.</summary>
    public DkimProblem Problem { get; internal init; }

    /// <summary>A human-readable reason (for an Authentication-Results comment or logs), or <see langword="null"/> for a pass. Control characters are shown as escapes.</summary>
    public string? Reason { get => _reason; internal init => _reason = ReasonText.Escape(value); }

    /// <summary>The position of the field among the DKIM-Signature fields of the message, 0 = topmost.</summary>
    public int Index { get; internal init; }

    /// <summary>The parsed signature, or <see langword="null"/> when it did not parse.</summary>
    public DkimSignature? Signature { get; internal init; }

    /// <summary>The key record used, or <see langword="null"/> when none was obtained.</summary>
    public DkimPublicKey? Key { get; internal init; }

    /// <summary><c>d=</c> (possibly from an unparseable signature, best effort), or <see langword="null"/>.</summary>
    public string? Domain { get; internal init; }

    /// <summary><c>s=</c>, or <see langword="null"/>.</summary>
    public string? Selector { get; internal init; }

    /// <summary><c>i=</c> as written, or <see langword="null"/> when absent.</summary>
    public string? Identity { get; internal init; }

    /// <summary><c>a=</c> as written, or <see langword="null"/>.</summary>
    public string? AlgorithmName { get; internal init; }

    /// <summary>
    /// The <c>header.b</c> value (RFC 6008 §4): the first 8 or more characters of <c>b=</c>, long enough to tell this
    /// signature from the others in the message; <see langword="null"/> without a <c>b=</c>.
    /// </summary>
    public string? SignaturePrefix { get; internal set; }

    /// <summary>The key size in bits when a key was used (256 for Ed25519), else 0.</summary>
    public int KeyBits { get; internal init; }

    /// <summary>The key record has <c>t=y</c>: the signer is testing DKIM (RFC 6376 §3.6.1); do not treat failures differently from no signature.</summary>
    public bool IsTesting => Key?.IsTesting ?? false;

    /// <summary>With <c>l=</c>: how many canonical body octets follow the signed part (content anyone may have appended, RFC 6376 §8.2); else 0.</summary>
    public long UnsignedBodyLength { get; internal init; }

    /// <summary>
    /// The DNS queries sent for this signature's key (RFC 6376 §3.6.2.2): 1, or 0 when the key came from the key cache or
    /// from an earlier signature of the same message with the same key name, or when no key was needed (the signature
    /// failed before its look-up). The same name and meaning as <c>SpfResult.DnsQueries</c> and <c>DmarcResult.DnsQueries</c>.
    /// </summary>
    public int DnsQueries { get; internal init; }

    /// <summary>The RFC 8601 keyword of a result (§2.7.1).</summary>
    /// <param name="status">The status.</param>
    /// <returns>"none", "pass", "fail", "neutral", "policy", "temperror" or "permerror".</returns>
    public static string ToKeyword(DkimStatus status) => status switch
    {
        DkimStatus.Pass => "pass",
        DkimStatus.Fail => "fail",
        DkimStatus.Neutral => "neutral",
        DkimStatus.Policy => "policy",
        DkimStatus.TempError => "temperror",
        DkimStatus.PermError => "permerror",
        _ => "none",
    };

    /// <summary>Maps a problem to its result word; the one place this mapping is made.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The status.</returns>
    public static DkimStatus GetStatus(DkimProblem problem) => problem switch
    {
        DkimProblem.None => DkimStatus.Pass,
        DkimProblem.BodyHashMismatch or DkimProblem.SignatureMismatch => DkimStatus.Fail,
        DkimProblem.DnsFailure => DkimStatus.TempError,
        DkimProblem.KeyTooSmall or DkimProblem.KeyTooLarge or DkimProblem.SignatureExpired or DkimProblem.FutureTimestamp
            or DkimProblem.WeakAlgorithm or DkimProblem.BodyLengthAppend => DkimStatus.Policy,
        DkimProblem.KeyNotFound or DkimProblem.MalformedKey or DkimProblem.KeyRevoked or DkimProblem.KeyAlgorithmMismatch
            or DkimProblem.IncompatibleKeyVersion or DkimProblem.StrictIdentityMismatch or DkimProblem.TooManySignatures or DkimProblem.MalformedMessage => DkimStatus.PermError,
        _ => DkimStatus.Neutral,
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"dkim={Keyword}{(Reason is null ? string.Empty : " (" + Reason + ")")} header.d={Domain} header.s={Selector} header.b={SignaturePrefix}";
}
