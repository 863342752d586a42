using MailAuth.Text;

namespace MailAuth.DomainKeys;

/// <summary>
/// The outcome of verifying one DomainKey-Signature field (draft-delany-domainkeys-base-06 §3.7): the
/// Authentication-Results word, the DomainKey-Status word (§3.8), the problem and a reason, and the identities to
/// report (<c>header.d</c>, and <c>header.sender</c> or <c>header.from</c>; RFC 8601 §6.7).
/// </summary>
public sealed record DomainKeysResult
{
    private readonly string? _reason;

    internal DomainKeysResult(int index, DomainKeysProblem problem, string? reason)
    {
        Index = index;
        Problem = problem;
        Reason = reason;
    }

    /// <summary>The result, derived from <see cref="Problem"/> (<see cref="GetStatus"/>).</summary>
    public DomainKeysStatus Status => GetStatus(Problem);

    /// <summary>The Authentication-Results word for <c>domainkeys=</c>: "pass", "fail", ...</summary>
    public string Keyword => ToKeyword(Status);

    /// <summary>The DomainKey-Status word (§3.8): "good", "bad", "no key", "revoked" or "bad format".</summary>
    public string DomainKeyStatus => Problem switch
    {
        DomainKeysProblem.None => "good",
        DomainKeysProblem.KeyNotFound => "no key",
        DomainKeysProblem.KeyRevoked => "revoked",
        DomainKeysProblem.MalformedSignature or DomainKeysProblem.MissingRequiredTag or DomainKeysProblem.MalformedBase64
            or DomainKeysProblem.UnsupportedAlgorithm or DomainKeysProblem.UnsupportedCanonicalization
            or DomainKeysProblem.UnsupportedQueryMethod or DomainKeysProblem.MalformedKey or DomainKeysProblem.KeyAlgorithmMismatch => "bad format",
        _ => "bad",
    };

    /// <summary>What went wrong, or <see cref="DomainKeysProblem.None"/> for a pass.</summary>
    public DomainKeysProblem Problem { get; internal init; }

    /// <summary>A human-readable reason, or <see langword="null"/> for a pass. Control characters are shown as escapes.</summary>
    public string? Reason { get => _reason; internal init => _reason = ReasonText.Escape(value); }

    /// <summary>The position of the field among the DomainKey-Signature fields of the message, 0 = topmost.</summary>
    public int Index { get; internal init; }

    /// <summary><c>d=</c> (best effort for a signature that did not parse), or <see langword="null"/>.</summary>
    public string? Domain { get; internal init; }

    /// <summary><c>s=</c>, or <see langword="null"/>.</summary>
    public string? Selector { get; internal init; }

    /// <summary><c>a=</c> as written (rsa-sha1 when absent), or <see langword="null"/> for a signature that did not parse.</summary>
    public string? AlgorithmName { get; internal init; }

    /// <summary><c>c=</c>, or <see langword="null"/> for a signature that did not parse.</summary>
    public DomainKeysCanonicalization? Canonicalization { get; internal init; }

    /// <summary>
    /// The sending address (§3.1, §3.7.3 rule 1): the Sender field's address, otherwise the first From address, taken from
    /// the fields below the signature; <see langword="null"/> when none was found.
    /// </summary>
    public string? SendingAddress { get; internal init; }

    /// <summary>The field <see cref="SendingAddress"/> came from: "sender" or "from"; <see langword="null"/> with no address.</summary>
    public string? SendingAddressField { get; internal init; }

    /// <summary>The RSA key size in bits when a key was used, else 0; report it so a policy can discount weak keys.</summary>
    public int KeyBits { get; internal init; }

    /// <summary>The key record has <c>t=y</c>: the domain is testing DomainKeys; do not treat failures differently (§3.2.3).</summary>
    public bool IsTesting { get; internal init; }

    /// <summary>The DNS queries sent for this signature's key: 1, or 0 when cached, shared with an earlier signature, or not needed.</summary>
    public int DnsQueries { get; internal init; }

    /// <summary>The Authentication-Results word of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>"none", "pass", "fail", "neutral", "policy", "temperror" or "permerror".</returns>
    public static string ToKeyword(DomainKeysStatus status) => status switch
    {
        DomainKeysStatus.Pass => "pass",
        DomainKeysStatus.Fail => "fail",
        DomainKeysStatus.Neutral => "neutral",
        DomainKeysStatus.Policy => "policy",
        DomainKeysStatus.TempError => "temperror",
        DomainKeysStatus.PermError => "permerror",
        _ => "none",
    };

    /// <summary>Maps a problem to its result word; the one place this mapping is made.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The status.</returns>
    public static DomainKeysStatus GetStatus(DomainKeysProblem problem) => problem switch
    {
        DomainKeysProblem.None => DomainKeysStatus.Pass,
        DomainKeysProblem.SignatureMismatch or DomainKeysProblem.GranularityMismatch => DomainKeysStatus.Fail,
        DomainKeysProblem.DnsFailure => DomainKeysStatus.TempError,
        DomainKeysProblem.WeakAlgorithm or DomainKeysProblem.KeyTooSmall or DomainKeysProblem.KeyTooLarge => DomainKeysStatus.Policy,
        DomainKeysProblem.KeyNotFound or DomainKeysProblem.MalformedKey or DomainKeysProblem.KeyRevoked or DomainKeysProblem.KeyAlgorithmMismatch
            or DomainKeysProblem.NoSendingAddress or DomainKeysProblem.TooManySignatures or DomainKeysProblem.MalformedMessage => DomainKeysStatus.PermError,
        _ => DomainKeysStatus.Neutral,
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"domainkeys={Keyword}{(Reason is null ? string.Empty : " (" + Reason + ")")} header.d={Domain} header.{SendingAddressField ?? "from"}={SendingAddress}";
}
