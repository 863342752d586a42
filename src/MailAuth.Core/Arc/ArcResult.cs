using MailAuth.Text;

namespace MailAuth.Arc;

/// <summary>
/// The outcome of validating a message's Authenticated Received Chain (RFC 8617 §5.2): the Chain Validation Status,
/// why it failed and where, the optional oldest-pass (§5.2 step 5), and the ARC Sets with their sealers and recorded
/// authentication results for a policy layer (§7.2).
/// </summary>
/// <remarks>
/// A chain that fails "MUST be treated the same as a message with no Authenticated Received Chain" (§5.2): use
/// <see cref="Hops"/> for local policy only when <see cref="Status"/> is <see cref="ArcStatus.Pass"/>.
/// </remarks>
public sealed record ArcResult
{
    private readonly string? _reason;

    internal ArcResult(ArcProblem problem, string? reason, bool hasChain)
    {
        Problem = problem;
        Reason = reason;
        Status = problem != ArcProblem.None ? ArcStatus.Fail : hasChain ? ArcStatus.Pass : ArcStatus.None;
    }

    /// <summary>The Chain Validation Status.</summary>
    public ArcStatus Status { get; internal init; }

    /// <summary>The <c>arc=</c> result word (RFC 8617 §10.1): "none", "pass" or "fail".</summary>
    public string Keyword => ToKeyword(Status);

    /// <summary>What broke the chain, or <see cref="ArcProblem.None"/>.</summary>
    public ArcProblem Problem { get; internal init; }

    /// <summary>A human-readable reason, or <see langword="null"/> for none/pass. Control characters are shown as escapes.</summary>
    public string? Reason { get => _reason; internal init => _reason = ReasonText.Escape(value); }

    /// <summary>The instance whose header field broke the chain, or <see langword="null"/> (no chain, pass, or a problem of the whole chain).</summary>
    public int? FailedInstance { get; internal init; }

    /// <summary>
    /// The oldest-pass value (RFC 8617 §5.2 step 5, §10.2 <c>header.oldest-pass</c>): the lowest instance from which
    /// every AMS up to the newest verifies, or 0 when all do; <see langword="null"/> when not determined (the chain
    /// failed, or <see cref="ArcChainValidatorOptions.DetermineOldestPass"/> is off).
    /// </summary>
    public int? OldestPass { get; internal init; }

    /// <summary>The highest instance found among the ARC header fields (N), 0 when there is none or none is readable. A sealer adds N + 1.</summary>
    public int HighestInstance { get; internal init; }

    /// <summary>
    /// The ARC Sets in instance order (1 first) with their sealers (<c>d=</c>, <c>s=</c>, instance) and the parsed AAR
    /// of each hop; empty when there is no chain or its structure is broken.
    /// </summary>
    public IReadOnlyList<ArcHop> Hops { get; internal init; } = [];

    /// <summary>The DNS queries sent for keys (0 for keys from the key cache); the same name as on the other results.</summary>
    public int DnsQueries { get; internal init; }

    /// <summary>The RFC 8617 §10.1 word of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>"none", "pass" or "fail".</returns>
    public static string ToKeyword(ArcStatus status) => status switch
    {
        ArcStatus.Pass => "pass",
        ArcStatus.Fail => "fail",
        _ => "none",
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"arc={Keyword}{(Reason is null ? string.Empty : " (" + Reason + ")")}{(OldestPass is { } o ? " header.oldest-pass=" + o.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}";
}
