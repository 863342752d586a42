using System.Collections.Concurrent;
using MailAuth.Diagnostics;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Spf;

namespace MailAuth.Policy;

/// <summary>
/// Counts of SPF, DKIM and DMARC results, actions and override reasons per customer (recipient) domain and per sender
/// (RFC5322.From) domain (guide 6.3.1.1), so a provider sees whose mail fails and whom switching filtering on would hurt.
/// Give it to <see cref="ReceiverPolicy(ReceiverPolicySettings, PolicyStatistics?)"/> and every decision is counted, or call
/// <see cref="Record"/> yourself.
/// </summary>
/// <remarks>
/// Thread-safe and lock-free: a decision costs a dictionary look-up per dimension and one interlocked increment per
/// counter. Memory is bounded: at most <see cref="PolicyStatisticsOptions.MaxTrackedDomains"/> customer domains and as many
/// sender domains are tracked; messages for any further domain go to the <see cref="OtherDomain"/> bucket (and count in
/// the metric <c>mailauth.policy.statistics.overflow</c>). Per-domain numbers are offered only here, never as metric
/// tags, whose cardinality an attacker choosing From domains would control (docs/observability.md).
/// </remarks>
public sealed class PolicyStatistics
{
    /// <summary>The bucket of domains beyond <see cref="PolicyStatisticsOptions.MaxTrackedDomains"/>: <c>(other)</c>.</summary>
    public const string OtherDomain = "(other)";

    /// <summary>The bucket of messages with no usable domain (no From domain, or a recipient that is not a domain): <c>(none)</c>.</summary>
    public const string NoDomain = "(none)";

    private State _state = new();

    /// <summary>Creates empty statistics.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PolicyStatistics(PolicyStatisticsOptions? options = null)
    {
        options ??= new PolicyStatisticsOptions();
        options.Validate();
        MaxTrackedDomains = options.MaxTrackedDomains;
    }

    /// <summary>The most domains tracked one by one in each dimension.</summary>
    public int MaxTrackedDomains { get; }

    /// <summary>Counts one decision.</summary>
    /// <param name="recipient">The recipient address or domain the decision was made for.</param>
    /// <param name="input">The results the decision was made from.</param>
    /// <param name="decision">The decision.</param>
    public void Record(string recipient, PolicyInput input, PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        int at = recipient.LastIndexOf('@');
        RecordForDomain(DomainMatcher.TryNormalize(at >= 0 ? recipient[(at + 1)..] : recipient, out string? customer) ? customer : null, input, decision);
    }

    /// <summary>Copies the counts.</summary>
    /// <param name="reset">
    /// Start counting from zero: the counts move into the snapshot, none is lost or counted twice, and the tracked
    /// domains are forgotten (so a new period can track other domains).
    /// </param>
    /// <returns>The snapshot.</returns>
    public PolicyStatisticsSnapshot Snapshot(bool reset = false)
    {
        State state = Volatile.Read(ref _state);
        if (reset)
        {
            state = Interlocked.Exchange(ref _state, new State());

            // Writers that entered the old state before the exchange finish their few increments first.
            var wait = new SpinWait();
            while (Volatile.Read(ref state.Writers) != 0)
            {
                wait.SpinOnce();
            }
        }

        long[] total = new long[DomainCounters.Length];
        List<DomainStatistics> customers = Copy(state.Customers, state.CustomerOther, total);
        List<DomainStatistics> senders = Copy(state.Senders, state.SenderOther, null);
        return new PolicyStatisticsSnapshot
        {
            CustomerDomains = customers,
            SenderDomains = senders,
            Total = DomainCounters.FromCounts("*", total),
            MaxTrackedDomains = MaxTrackedDomains,
        };
    }

    internal void RecordForDomain(string? customerDomain, PolicyInput input, PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(decision);
        string customer = customerDomain ?? NoDomain;
        string sender = DomainMatcher.TryNormalize(input.AuthorDomain, out string? author) ? author : NoDomain;

        State state = Enter();
        try
        {
            Find(state.Customers, ref state.CustomerCount, state.CustomerOther, customer, "customer").Add(input, decision);
            Find(state.Senders, ref state.SenderCount, state.SenderOther, sender, "sender").Add(input, decision);
        }
        finally
        {
            Interlocked.Decrement(ref state.Writers);
        }
    }

    // Registers as a writer of the current state; Snapshot(reset: true) waits for the writers of the state it takes.
    private State Enter()
    {
        while (true)
        {
            State state = Volatile.Read(ref _state);
            Interlocked.Increment(ref state.Writers);
            if (ReferenceEquals(state, Volatile.Read(ref _state)))
            {
                return state;
            }

            Interlocked.Decrement(ref state.Writers);
        }
    }

    // A slot is reserved before a domain is added, so the dictionary never holds more than MaxTrackedDomains entries,
    // however many threads add new domains at once.
    private DomainCounters Find(ConcurrentDictionary<string, DomainCounters> map, ref int count, DomainCounters other, string domain, string dimension)
    {
        if (map.TryGetValue(domain, out DomainCounters? counters))
        {
            return counters;
        }

        if (Interlocked.Increment(ref count) > MaxTrackedDomains)
        {
            Interlocked.Decrement(ref count);
            Telemetry.CountStatisticsOverflow(dimension);
            return other;
        }

        var created = new DomainCounters();
        DomainCounters actual = map.GetOrAdd(domain, created);
        if (!ReferenceEquals(actual, created))
        {
            Interlocked.Decrement(ref count);
        }

        return actual;
    }

    private static List<DomainStatistics> Copy(ConcurrentDictionary<string, DomainCounters> map, DomainCounters other, long[]? total)
    {
        var list = new List<DomainStatistics>(map.Count + 1);
        foreach ((string domain, DomainCounters counters) in map)
        {
            list.Add(counters.ToStatistics(domain, total));
        }

        list.Sort(static (a, b) => a.Messages != b.Messages ? b.Messages.CompareTo(a.Messages) : string.CompareOrdinal(a.Domain, b.Domain));
        DomainStatistics rest = other.ToStatistics(OtherDomain, total);
        if (rest.Messages > 0)
        {
            list.Add(rest);
        }

        return list;
    }

    private sealed class State
    {
        public readonly ConcurrentDictionary<string, DomainCounters> Customers = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, DomainCounters> Senders = new(StringComparer.Ordinal);
        public readonly DomainCounters CustomerOther = new();
        public readonly DomainCounters SenderOther = new();
        public int CustomerCount;
        public int SenderCount;
        public int Writers;
    }

    /// <summary>The counters of one domain: one array, each slot incremented with <see cref="Interlocked"/>.</summary>
    private sealed class DomainCounters
    {
        internal static readonly string[] SpfWords = [.. Enum.GetValues<SpfStatus>().Select(SpfResult.ToKeyword)];
        internal static readonly string[] DkimWords = [.. new[] { DkimStatus.None, DkimStatus.Pass, DkimStatus.Fail, DkimStatus.Policy }.Select(DkimResult.ToKeyword)];
        internal static readonly string[] DmarcWords = [.. Enum.GetValues<DmarcStatus>().Select(DmarcResult.ToKeyword)];
        internal static readonly string[] ActionWords = [.. Enum.GetValues<PolicyAction>().Select(PolicyDecision.ToWord)];
        internal static readonly string[] OverrideWords = [.. Enum.GetValues<PolicyOverride>().Select(o => PolicyDecision.ToKeyword(o) ?? "none")];

        private const int Messages = 0;
        private const int SpfBase = 1;
        private static readonly int DkimBase = SpfBase + SpfWords.Length;
        private static readonly int DmarcBase = DkimBase + DkimWords.Length;
        private static readonly int ActionBase = DmarcBase + DmarcWords.Length;
        private static readonly int OverrideBase = ActionBase + ActionWords.Length;
        private static readonly int WouldReject = OverrideBase + OverrideWords.Length;
        private static readonly int WouldQuarantine = WouldReject + 1;
        internal static readonly int Length = WouldQuarantine + 1;

        private readonly long[] _counts = new long[Length];

        internal void Add(PolicyInput input, PolicyDecision decision)
        {
            Interlocked.Increment(ref _counts[Messages]);
            Count(SpfBase, (int)input.Spf, SpfWords.Length);
            Count(DkimBase, DkimIndex(input), DkimWords.Length);
            Count(DmarcBase, (int)input.Dmarc, DmarcWords.Length);
            Count(ActionBase, (int)decision.Action, ActionWords.Length);
            Count(OverrideBase, (int)decision.Override, OverrideWords.Length);
            switch (decision.FilteredAction)
            {
                case PolicyAction.Reject or PolicyAction.Discard:
                    Interlocked.Increment(ref _counts[WouldReject]);
                    break;
                case PolicyAction.Mark or PolicyAction.Quarantine:
                    Interlocked.Increment(ref _counts[WouldQuarantine]);
                    break;
            }
        }

        internal DomainStatistics ToStatistics(string domain, long[]? total)
        {
            long[] copy = new long[Length];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = Volatile.Read(ref _counts[i]);
                if (total is not null)
                {
                    total[i] += copy[i];
                }
            }

            return FromCounts(domain, copy);
        }

        internal static DomainStatistics FromCounts(string domain, long[] counts) => new()
        {
            Domain = domain,
            Messages = counts[Messages],
            Spf = Words(counts, SpfBase, SpfWords),
            Dkim = Words(counts, DkimBase, DkimWords),
            Dmarc = Words(counts, DmarcBase, DmarcWords),
            Actions = Words(counts, ActionBase, ActionWords),
            Overrides = Words(counts, OverrideBase, OverrideWords),
            WouldBeRejected = counts[WouldReject],
            WouldBeQuarantined = counts[WouldQuarantine],
        };

        private static Dictionary<string, long> Words(long[] counts, int start, string[] words)
        {
            var map = new Dictionary<string, long>(words.Length, StringComparer.Ordinal);
            for (int i = 0; i < words.Length; i++)
            {
                map[words[i]] = counts[start + i];
            }

            return map;
        }

        // One DKIM word per message: pass when any signature verified, else policy/fail/none (RFC 8601 §2.7.1).
        private static int DkimIndex(PolicyInput input) =>
            input.DkimPassDomains is { Count: > 0 } ? 1 : input.DkimUnacceptable ? 3 : input.DkimSignatures > 0 ? 2 : 0;

        // A value outside its enum (a cast by a caller) is not counted in that category, never an exception.
        private void Count(int start, int index, int size)
        {
            if ((uint)index < (uint)size)
            {
                Interlocked.Increment(ref _counts[start + index]);
            }
        }
    }
}
