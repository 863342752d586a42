using MailAuth.Text;

namespace MailAuth.Dmarc;

/// <summary>
/// The outcome of DMARC evaluation for one message: the result word, why, the record and domains involved, the alignment of
/// every identifier, the applicable policy and the disposition. Bad input and DNS failures are reported here, never thrown.
/// A record, so a copy with changes is made with <c>with</c>.
/// </summary>
public sealed record DmarcResult
{
    private static readonly IReadOnlyList<DmarcIdentifierAlignment> NoAlignments = Array.Empty<DmarcIdentifierAlignment>();

    private readonly string _reason = string.Empty;

    internal DmarcResult(DmarcStatus status, DmarcProblem problem, string reason)
    {
        Status = status;
        Problem = problem;
        Reason = reason;
    }

    /// <summary>The DMARC result (RFC 7489 §11.2, RFC 9989 §9.2).</summary>
    public DmarcStatus Status { get; internal init; }

    /// <summary>The RFC 8601 result keyword: <c>pass</c>, <c>fail</c>, <c>none</c>, <c>temperror</c> or <c>permerror</c>.</summary>
    public string Keyword => ToKeyword(Status);

    /// <summary>What caused a result other than <c>pass</c>; <see cref="DmarcProblem.None"/> for a pass.</summary>
    public DmarcProblem Problem { get; internal init; }

    /// <summary>A human-readable explanation. Control characters are shown as escapes.</summary>
    public string Reason { get => _reason; internal init => _reason = ReasonText.Escape(value) ?? string.Empty; }

    /// <summary>The mode that produced this result.</summary>
    public DmarcMode Mode { get; internal init; }

    /// <summary>The RFC5322.From domain evaluated (normalised), or <see langword="null"/> when there was none.</summary>
    public string? AuthorDomain { get; internal init; }

    /// <summary>The DMARC Policy Record applied, or <see langword="null"/>.</summary>
    public DmarcRecord? Record { get; internal init; }

    /// <summary>The DMARC Policy Domain: where <see cref="Record"/> was found (RFC 9989 §3.2.5).</summary>
    public string? PolicyDomain { get; internal init; }

    /// <summary>The Organizational Domain of the Author Domain (RFC 9989 §4.10.2 or RFC 7489 §3.2).</summary>
    public string? OrganizationalDomain { get; internal init; }

    /// <summary>Which record tag supplied <see cref="Policy"/>.</summary>
    public DmarcPolicySource PolicySource { get; internal init; }

    /// <summary>The Domain Owner Assessment Policy that applies to this Author Domain (from <c>p</c>, <c>sp</c> or <c>np</c>), or <see langword="null"/> without a usable record.</summary>
    public DmarcPolicy? Policy { get; internal init; }

    /// <summary>
    /// What to do with the message: <see cref="DmarcPolicy.None"/> unless the result is <c>fail</c>, then <see cref="Policy"/>,
    /// lowered one level by <c>t=y</c> (RFC 9989) or when <c>pct</c> sampling did not select the message (RFC 7489 §6.6.4).
    /// </summary>
    public DmarcPolicy Disposition { get; internal init; }

    /// <summary><see langword="true"/> when <c>t=y</c> lowered the disposition.</summary>
    public bool TestingModeApplied { get; internal init; }

    /// <summary><see langword="true"/> when <c>pct</c> sampling did not select the message and the disposition was lowered.</summary>
    public bool SampledOut { get; internal init; }

    /// <summary><see langword="true"/> when the Author Domain was found not to exist (NXDOMAIN for A, AAAA and MX), so <c>np</c> could apply.</summary>
    public bool? AuthorDomainExists { get; internal init; }

    /// <summary>The SPF identifier's alignment, or <see langword="null"/> when no record was evaluated.</summary>
    public DmarcIdentifierAlignment? Spf { get; internal init; }

    /// <summary>The alignment of each DKIM signature, in input order.</summary>
    public IReadOnlyList<DmarcIdentifierAlignment> Dkim { get; internal init; } = NoAlignments;

    /// <summary><see langword="true"/> when SPF produced an aligned pass.</summary>
    public bool SpfAligned => Spf?.Aligned == true;

    /// <summary><see langword="true"/> when at least one DKIM signature produced an aligned pass.</summary>
    public bool DkimAligned => Dkim.Any(d => d.Aligned);

    /// <summary>The <c>_dmarc</c> queries made for the Author Domain (policy discovery / tree walk), in order.</summary>
    public IReadOnlyList<DmarcTreeWalkStep> Discovery { get; internal init; } = Array.Empty<DmarcTreeWalkStep>();

    /// <summary>The number of DNS queries this evaluation made (cached answers not counted).</summary>
    public int DnsQueries { get; internal init; }

    /// <summary>
    /// With several distinct From domains (RFC 7489 §6.6.1): the result per domain; this result is the combination
    /// (any fail → the failing result with the strictest disposition; else temperror; else pass; else permerror; else none).
    /// With one domain: empty.
    /// </summary>
    public IReadOnlyList<DmarcResult> AuthorResults { get; internal init; } = Array.Empty<DmarcResult>();

    /// <summary>The <c>policy.dmarc</c> value (RFC 9989 §9.1): the disposition applied or to be applied.</summary>
    public string PolicyPropertyValue => DmarcWords.ToWord(Disposition);

    /// <summary>The RFC 8601 keyword of a result (RFC 9989 §9.2).</summary>
    /// <param name="status">The result.</param>
    /// <returns>The lower-case keyword.</returns>
    public static string ToKeyword(DmarcStatus status) => DmarcWords.ToWord(status);

    /// <inheritdoc />
    public override string ToString() => $"dmarc={Keyword} ({Reason})";
}
