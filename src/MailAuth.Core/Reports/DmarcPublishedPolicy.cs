using MailAuth.Dmarc;

namespace MailAuth.Reports;

/// <summary>
/// The <c>policy_published</c> element: the DMARC Policy Record the receiver applied (RFC 9990 <c>PolicyPublishedType</c>,
/// RFC 7489 Appendix C). Tags the record did not give are <see langword="null"/>; writers fill the defaults a format requires.
/// </summary>
public sealed record DmarcPublishedPolicy
{
    /// <summary>The domain at which the record was found.</summary>
    public required string Domain { get; init; }

    /// <summary><c>p</c>.</summary>
    public DmarcPolicy Policy { get; init; }

    /// <summary><c>sp</c>, or <see langword="null"/>.</summary>
    public DmarcPolicy? SubdomainPolicy { get; init; }

    /// <summary><c>np</c> (RFC 9990), or <see langword="null"/>.</summary>
    public DmarcPolicy? NonExistentSubdomainPolicy { get; init; }

    /// <summary><c>adkim</c>, or <see langword="null"/>.</summary>
    public DmarcAlignmentMode? DkimAlignment { get; init; }

    /// <summary><c>aspf</c>, or <see langword="null"/>.</summary>
    public DmarcAlignmentMode? SpfAlignment { get; init; }

    /// <summary><c>pct</c> (RFC 7489), or <see langword="null"/>.</summary>
    public int? Percentage { get; init; }

    /// <summary><c>fo</c>, or <see langword="null"/>.</summary>
    public string? FailureReportingOptions { get; init; }

    /// <summary><c>testing</c> (RFC 9990; <c>t=y</c>), or <see langword="null"/>.</summary>
    public bool? Testing { get; init; }

    /// <summary><c>discovery_method</c> (RFC 9990), or <see langword="null"/>.</summary>
    public DmarcDiscoveryMethod? DiscoveryMethod { get; init; }

    /// <summary>The published policy of a parsed record as the receiver applied it.</summary>
    /// <param name="domain">The DMARC Policy Domain (where the record was found).</param>
    /// <param name="record">The record.</param>
    /// <param name="mode">The DMARC mode that found it (RFC 9990 <c>discovery_method</c>).</param>
    /// <returns>The policy; <c>p</c> defaults to <c>none</c> when the record had none usable (RFC 9989 §4.7).</returns>
    public static DmarcPublishedPolicy FromRecord(string domain, DmarcRecord record, DmarcMode mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentNullException.ThrowIfNull(record);
        return new DmarcPublishedPolicy
        {
            Domain = domain,
            Policy = record.Policy ?? DmarcPolicy.None,
            SubdomainPolicy = record.SubdomainPolicy,
            NonExistentSubdomainPolicy = record.NonExistentSubdomainPolicy,
            DkimAlignment = record.DkimAlignment,
            SpfAlignment = record.SpfAlignment,
            Percentage = record.HasPercentage ? record.Percentage : null,
            FailureReportingOptions = record.FailureReportingOptions,
            Testing = record.TestingMode,
            DiscoveryMethod = mode == DmarcMode.Rfc7489Psl ? DmarcDiscoveryMethod.Psl : DmarcDiscoveryMethod.TreeWalk,
        };
    }
}
