using MailAuth.Text;

namespace MailAuth.DomainKeys;

/// <summary>
/// The ADSP outcome for one author domain (RFC 5617 §4.3, §5.4): the <c>dkim-adsp</c> word, the practice found, the
/// problem and a reason, the author address (<c>header.from</c>, §5.3) and the DNS queries used.
/// </summary>
public sealed record AdspResult
{
    private readonly string? _reason;

    internal AdspResult(AdspStatus status, AdspProblem problem, string? reason)
    {
        Status = status;
        Problem = problem;
        Reason = reason;
    }

    /// <summary>The result.</summary>
    public AdspStatus Status { get; internal init; }

    /// <summary>The Authentication-Results word (RFC 5617 §5.4): "none", "pass", "unknown", "fail", "discard", "nxdomain", "temperror" or "permerror".</summary>
    public string Keyword => ToKeyword(Status);

    /// <summary>What kept the look-up from a plain answer, or <see cref="AdspProblem.None"/>.</summary>
    public AdspProblem Problem { get; internal init; }

    /// <summary>A human-readable reason, or <see langword="null"/>. Control characters are shown as escapes.</summary>
    public string? Reason { get => _reason; internal init => _reason = ReasonText.Escape(value); }

    /// <summary>The practice the domain publishes; <see cref="AdspPractice.None"/> without a record or without a look-up.</summary>
    public AdspPractice Practice { get; internal init; }

    /// <summary>The author domain, or <see langword="null"/> when none was found.</summary>
    public string? AuthorDomain { get; internal init; }

    /// <summary>The author address (From), or <see langword="null"/> for a look-up by domain alone.</summary>
    public string? AuthorAddress { get; internal init; }

    /// <summary>The DNS queries sent: 0 (a pass, or a check that stopped before DNS) to 2 (domain existence and the ADSP record).</summary>
    public int DnsQueries { get; internal init; }

    /// <summary>The RFC 5617 §5.4 word of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The word.</returns>
    public static string ToKeyword(AdspStatus status) => status switch
    {
        AdspStatus.Pass => "pass",
        AdspStatus.Unknown => "unknown",
        AdspStatus.Fail => "fail",
        AdspStatus.Discard => "discard",
        AdspStatus.NxDomain => "nxdomain",
        AdspStatus.TempError => "temperror",
        AdspStatus.PermError => "permerror",
        _ => "none",
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"dkim-adsp={Keyword}{(Reason is null ? string.Empty : " (" + Reason + ")")} header.from={AuthorAddress ?? AuthorDomain}";
}
