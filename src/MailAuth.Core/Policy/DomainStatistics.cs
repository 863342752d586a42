namespace MailAuth.Policy;

/// <summary>
/// The counts of one customer (recipient) domain or one sender (RFC5322.From) domain in a <see cref="PolicyStatisticsSnapshot"/>
/// (guide 6.3.1.1). Every dictionary holds every word of its set, with zero when nothing was counted.
/// </summary>
public sealed record DomainStatistics
{
    /// <summary>The domain (lower case, A-labels), <see cref="PolicyStatistics.OtherDomain"/> or <see cref="PolicyStatistics.NoDomain"/>.</summary>
    public required string Domain { get; init; }

    /// <summary>Decisions counted (one per message and recipient domain).</summary>
    public long Messages { get; init; }

    /// <summary>SPF results by RFC 8601 word (<c>none</c>, <c>neutral</c>, <c>pass</c>, <c>fail</c>, <c>softfail</c>, <c>temperror</c>, <c>permerror</c>).</summary>
    public required IReadOnlyDictionary<string, long> Spf { get; init; }

    /// <summary>DKIM per message: <c>pass</c> (a signature verified), <c>policy</c> (only signatures refused by local policy), <c>fail</c> (signed, none verified), <c>none</c> (unsigned).</summary>
    public required IReadOnlyDictionary<string, long> Dkim { get; init; }

    /// <summary>DMARC results by RFC 8601 word (<c>none</c>, <c>pass</c>, <c>fail</c>, <c>temperror</c>, <c>permerror</c>).</summary>
    public required IReadOnlyDictionary<string, long> Dmarc { get; init; }

    /// <summary>Actions taken (<c>accept</c>, <c>mark</c>, <c>quarantine</c>, <c>reject</c>, <c>discard</c>).</summary>
    public required IReadOnlyDictionary<string, long> Actions { get; init; }

    /// <summary>Override reasons (<c>none</c>, <c>trusted_forwarder</c>, <c>mailing_list</c>, <c>local_policy</c>, <c>policy_test_mode</c>, <c>sampled_out</c>).</summary>
    public required IReadOnlyDictionary<string, long> Overrides { get; init; }

    /// <summary>
    /// Messages accepted only because filtering is off whose domain settings would have rejected or discarded them with
    /// filtering on (<see cref="PolicyDecision.FilteredAction"/>): whom switching filtering on would hurt (guide 6.3.2.1).
    /// </summary>
    public long WouldBeRejected { get; init; }

    /// <summary>Like <see cref="WouldBeRejected"/>, for mark and quarantine.</summary>
    public long WouldBeQuarantined { get; init; }
}
