namespace MailAuth.Reports;

/// <summary>
/// One <c>record</c> of an aggregate report: a row (source IP, count, evaluated policy), the identifiers and the
/// authentication results (RFC 9990 <c>RecordType</c>). Everything but <see cref="Count"/> is the aggregation key.
/// </summary>
public sealed record DmarcReportRecord
{
    /// <summary>The connecting IP address as text (<c>row/source_ip</c>).</summary>
    public required string SourceIp { get; init; }

    /// <summary>The number of messages (<c>row/count</c>).</summary>
    public long Count { get; init; }

    /// <summary>The disposition applied (<c>policy_evaluated/disposition</c>).</summary>
    public DmarcReportDisposition Disposition { get; init; }

    /// <summary>DKIM produced an aligned pass (<c>policy_evaluated/dkim</c> = <c>pass</c>).</summary>
    public bool DkimAligned { get; init; }

    /// <summary>SPF produced an aligned pass (<c>policy_evaluated/spf</c> = <c>pass</c>).</summary>
    public bool SpfAligned { get; init; }

    /// <summary>The override reasons (<c>policy_evaluated/reason</c>); empty when none.</summary>
    public IReadOnlyList<DmarcPolicyOverride> Reasons { get; init; } = [];

    /// <summary>The RFC5322.From domain (<c>identifiers/header_from</c>).</summary>
    public required string HeaderFrom { get; init; }

    /// <summary>The RFC5321.MailFrom domain (<c>identifiers/envelope_from</c>), or <see langword="null"/>.</summary>
    public string? EnvelopeFrom { get; init; }

    /// <summary>The envelope recipient domain (<c>identifiers/envelope_to</c>), or <see langword="null"/>.</summary>
    public string? EnvelopeTo { get; init; }

    /// <summary>The DKIM results (<c>auth_results/dkim</c>); empty for unsigned mail.</summary>
    public IReadOnlyList<DmarcReportDkimResult> DkimResults { get; init; } = [];

    /// <summary>The SPF results (<c>auth_results/spf</c>); RFC 9990 allows at most one.</summary>
    public IReadOnlyList<DmarcReportSpfResult> SpfResults { get; init; } = [];

    /// <summary>The record-level extensions (elements after <c>auth_results</c>, RFC 9990 §5); written in RFC 9990 reports only.</summary>
    public IReadOnlyList<DmarcReportExtension> Extensions { get; init; } = [];

    /// <summary><see langword="true"/> when DMARC passed for these messages: DKIM or SPF aligned (RFC 9989 §4.4).</summary>
    public bool DmarcPass => DkimAligned || SpfAligned;
}
