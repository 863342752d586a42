namespace MailAuth.Policy;

/// <summary>An immutable copy of the counts of a <see cref="PolicyStatistics"/> (<see cref="PolicyStatistics.Snapshot"/>).</summary>
public sealed record PolicyStatisticsSnapshot
{
    /// <summary>Per customer (recipient) domain, most messages first; the <see cref="PolicyStatistics.OtherDomain"/> bucket last when it counted anything.</summary>
    public required IReadOnlyList<DomainStatistics> CustomerDomains { get; init; }

    /// <summary>Per sender (RFC5322.From) domain, most messages first; the <see cref="PolicyStatistics.OtherDomain"/> bucket last when it counted anything.</summary>
    public required IReadOnlyList<DomainStatistics> SenderDomains { get; init; }

    /// <summary>Every decision counted, over all domains (<see cref="DomainStatistics.Domain"/> is <c>*</c>).</summary>
    public required DomainStatistics Total { get; init; }

    /// <summary>The limit the counts were taken under (<see cref="PolicyStatisticsOptions.MaxTrackedDomains"/>).</summary>
    public int MaxTrackedDomains { get; init; }
}
