using System.Net;
using System.Text;
using MailAuth.Dns;
using MailAuth.Spf;

namespace MailAuth.Audit;

/// <summary>The SPF checks (RFC 7208) and the SPF part of the profile checks.</summary>
internal sealed partial class AuditRun
{
    // A count no record can reach: loops and unbounded fan-out saturate here instead of overflowing.
    private const long Unbounded = 1_000_000_000;

    private readonly Dictionary<string, SpfWalk> _walked = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _walking = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The SPF result of each profile address for the envelope domain (input to the DMARC alignment check).</summary>
    public Dictionary<IPAddress, SpfResult> EnvelopeSpf { get; } = [];

    /// <summary>The worst-case counts of the audited domain's record, or (-1, -1).</summary>
    public (long Lookups, long Voids) SpfCounts { get; private set; } = (-1, -1);

    /// <summary>
    /// What evaluating one domain's record costs a receiver whose client IP no term matches (the worst case of §4.6.4):
    /// DNS-querying terms, void look-ups, and the qualifier when the record always ends in a match (an <c>all</c>, or an
    /// include whose record always passes), which stops the including record there.
    /// </summary>
    private readonly record struct SpfWalk(long Lookups, long Voids, SpfQualifier? Terminal);

    private async ValueTask AuditSpfAsync()
    {
        string name = Domain;
        DnsResponse<TxtRecord> txt = await Dns.QueryTxtAsync(name).ConfigureAwait(false);
        if (!txt.IsDefinitive)
        {
            return; // DNS_QUERY_FAILED says it (RFC 7208 §4.4: receivers get temperror)
        }

        TxtRecord[] spf = txt.Records.Where(r => SpfRecord.IsSpfVersion1(r.Text)).ToArray();
        bool typeOnly = false;
        if (Dns.CanSpfType)
        {
            DnsResponse<TxtRecord> type99 = await Dns.QuerySpfTypeAsync(name).ConfigureAwait(false);
            bool hasType99 = type99.Records.Any(r => SpfRecord.IsSpfVersion1(r.Text));
            if (hasType99 && spf.Length == 0)
            {
                typeOnly = true;
                Add(AuditSeverity.Error, AuditCodes.SpfTypeOnly,
                    "an SPF record is published only as DNS type SPF (99); receivers look up TXT only (RFC 7208 §3.1, §14.1): publish it as TXT",
                    name, type99.Records.First(r => SpfRecord.IsSpfVersion1(r.Text)).Text);
            }
            else if (hasType99)
            {
                Add(AuditSeverity.Info, AuditCodes.SpfTypeObsolete, "a record of the obsolete DNS type SPF (99) is published beside the TXT record; receivers ignore it and it can be removed (RFC 7208 §3.1)", name);
            }
        }

        if (spf.Length == 0)
        {
            if (!typeOnly)
            {
                Add(AuditSeverity.Warning, AuditCodes.SpfNone,
                    $"{name} has no SPF record: receivers get none for it (RFC 7208 §4.5); publish one listing the hosts that send as it, e.g. 'v=spf1 include:<provider> -all'", name);
            }

            await CheckProfileSpfAsync(null).ConfigureAwait(false);
            return;
        }

        if (spf.Length > 1)
        {
            foreach (TxtRecord record in spf)
            {
                Add(AuditSeverity.Error, AuditCodes.SpfMultiple, $"{name} has {spf.Length} SPF records: receivers return permerror (RFC 7208 §4.5); merge them into one", name, record.Text, 0);
            }

            await CheckProfileSpfAsync(null).ConfigureAwait(false);
            return;
        }

        TxtRecord published = spf[0];
        string text = published.Text;
        CheckStrings(published, name);
        int octets = Encoding.UTF8.GetByteCount(text);
        if (octets > 512)
        {
            Add(AuditSeverity.Warning, AuditCodes.SpfRecordTooLong,
                $"the SPF record is {octets} octets: RFC 7208 §3.4 asks for records that fit in 512 octets so that answers fit a UDP datagram; move hosts to an included record",
                name, text);
        }

        CheckTtl(name, "SPF", txt.TimeToLive, text);
        if (!SpfRecord.TryParse(text, out SpfRecord? parsed, out SpfParseError error))
        {
            Add(AuditSeverity.Error, AuditCodes.SpfSyntax, $"the SPF record does not parse: {error}; receivers return permerror (RFC 7208 §4.6)", name, text, error.Offset);
            await CheckProfileSpfAsync(null).ConfigureAwait(false);
            return;
        }

        CheckTopTerms(parsed, name, text);
        _walking.Add(name);
        SpfWalk walk = await WalkRecordAsync(parsed, name, text, 0).ConfigureAwait(false);
        _walking.Remove(name);
        SpfCounts = (walk.Lookups, walk.Voids);
        ReportCounts(walk, name, text);
        await CheckProfileSpfAsync(text).ConfigureAwait(false);
    }

    private void CheckTopTerms(SpfRecord record, string name, string text)
    {
        int[]? offsets = TermOffsets(text, record);
        SpfMechanism? all = null;
        int allIndex = -1;
        for (int i = 0; i < record.Terms.Count; i++)
        {
            if (record.Terms[i] is SpfMechanism { Kind: SpfMechanismKind.All } m && all is null)
            {
                all = m;
                allIndex = i;
            }
        }

        int? Position(SpfTerm term) => offsets?[IndexOf(record, term)];
        switch (all?.Qualifier)
        {
            case SpfQualifier.Pass:
                Add(AuditSeverity.Error, AuditCodes.SpfPassAll, "'+all' lets every host on the Internet pass SPF as this domain; end with '-all' or '~all'", name, text, offsets?[allIndex]);
                break;
            case SpfQualifier.Neutral:
                Add(AuditSeverity.Warning, AuditCodes.SpfNeutralAll, "'?all' gives unlisted hosts neutral, which protects nothing; move to '~all' and then '-all' (guide 4.2.1)", name, text, offsets?[allIndex]);
                break;
            case null when record.Redirect is null:
                Add(AuditSeverity.Warning, AuditCodes.SpfNoAll, "the record has neither 'all' nor 'redirect=': unlisted hosts get neutral (RFC 7208 §4.7); end it with '-all' or '~all'", name, text);
                break;
        }

        if (all is not null && record.Redirect is { } redirect)
        {
            Add(AuditSeverity.Warning, AuditCodes.SpfRedirectIgnored, $"'{redirect}' never applies because the record has an 'all' mechanism (RFC 7208 §6.1); remove one of them", name, text, Position(redirect));
        }

        AdviseDelegation(record, name, text, offsets);
    }

    // Figure 6-7 of the hosting chapter: redirect is easier to manage (the provider decides everything); include lets
    // each customer keep its own result for unlisted hosts (the qualifier of its own 'all').
    private void AdviseDelegation(SpfRecord record, string name, string text, int[]? offsets)
    {
        SpfMechanism[] includes = record.Mechanisms.Where(m => m.Kind == SpfMechanismKind.Include).ToArray();
        bool onlyDelegation = record.Mechanisms.All(m => m.Kind is SpfMechanismKind.Include or SpfMechanismKind.All);
        if (record.Redirect is { } redirect && record.Mechanisms.Count == 0)
        {
            Add(AuditSeverity.Info, AuditCodes.SpfDelegation,
                $"'{redirect}' hands the whole policy to {redirect.Value}: the provider can change its hosts and its 'all' without you (easier to manage, hosting guide figure 6-7); to choose your own result for unlisted hosts, use 'include:{redirect.Value}' and your own '-all' instead",
                name, text, offsets?[IndexOf(record, redirect)]);
        }
        else if (includes.Length == 1 && onlyDelegation && record.Redirect is null && record.Mechanisms[^1].Kind == SpfMechanismKind.All)
        {
            Add(AuditSeverity.Info, AuditCodes.SpfDelegation,
                $"'{includes[0]}' with your own '{record.Mechanisms[^1]}' keeps the result for unlisted hosts in your hands (hosting guide figure 6-7); 'redirect={includes[0].DomainSpec}' alone would let the provider manage the whole policy",
                name, text, offsets?[IndexOf(record, includes[0])]);
        }
    }

    private static int IndexOf(SpfRecord record, SpfTerm term)
    {
        for (int i = 0; i < record.Terms.Count; i++)
        {
            if (ReferenceEquals(record.Terms[i], term))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The offset of each term of <paramref name="record"/> in <paramref name="text"/> (terms are separated by spaces,
    /// RFC 7208 §4.6.1; the first token is the version). One pass; <see langword="null"/> if the counts disagree.
    /// </summary>
    internal static int[]? TermOffsets(string text, SpfRecord record)
    {
        var offsets = new int[record.Terms.Count];
        int count = -1; // the version token comes first
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }

            if (count >= 0)
            {
                if (count == offsets.Length)
                {
                    return null;
                }

                offsets[count] = i;
            }

            count++;
            while (i < text.Length && text[i] != ' ')
            {
                i++;
            }
        }

        return count == offsets.Length ? offsets : null;
    }

    private void ReportCounts(SpfWalk walk, string name, string text)
    {
        string lookups = walk.Lookups >= Unbounded ? "an unbounded number of" : walk.Lookups.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (walk.Lookups > 10)
        {
            Add(AuditSeverity.Error, AuditCodes.SpfTooManyLookups,
                $"a receiver evaluating this record for a host it does not list makes {lookups} DNS-querying look-ups through nested includes, more than the 10 RFC 7208 §4.6.4 allows: the result is permerror; flatten includes into ip4/ip6 or drop unused ones",
                name, text);
        }
        else if (walk.Lookups >= 8)
        {
            Add(AuditSeverity.Warning, AuditCodes.SpfLookupsNearLimit,
                $"the record needs {lookups} of the 10 DNS-querying look-ups RFC 7208 §4.6.4 allows; one more include from a provider breaks it", name, text);
        }

        if (walk.Voids > 0)
        {
            bool over = walk.Voids > 2;
            Add(over ? AuditSeverity.Error : AuditSeverity.Warning, AuditCodes.SpfVoidLookups,
                $"{walk.Voids} name(s) in the record have no answer (void look-ups); more than 2 is permerror (RFC 7208 §4.6.4): remove the names that no longer exist",
                name, text);
        }
    }

    /// <summary>Counts a record's look-ups as the evaluator would for a client no term matches, following includes and redirect.</summary>
    private async ValueTask<SpfWalk> WalkRecordAsync(SpfRecord record, string domain, string text, int depth)
    {
        CancellationToken.ThrowIfCancellationRequested();
        int[]? offsets = null;
        long lookups = 0;
        long voids = 0;
        foreach (SpfMechanism mechanism in record.Mechanisms)
        {
            switch (mechanism.Kind)
            {
                case SpfMechanismKind.All:
                    return new SpfWalk(lookups, voids, mechanism.Qualifier); // §4.6.2: 'all' always matches; nothing after it runs
                case SpfMechanismKind.Ip4 or SpfMechanismKind.Ip6:
                    continue;
            }

            lookups = Add(lookups, 1); // §4.6.4: include, a, mx, ptr, exists count
            if (mechanism.Kind == SpfMechanismKind.Ptr)
            {
                offsets ??= TermOffsets(text, record);
                Add(AuditSeverity.Warning, AuditCodes.SpfPtr, $"'{mechanism}' at {domain}: ptr is slow and unreliable and SHOULD NOT be used (RFC 7208 §5.5); list the hosts with ip4/ip6 or a", domain, text, offsets?[IndexOf(record, mechanism)]);
                continue;
            }

            if (mechanism.DomainSpecHasMacros)
            {
                offsets ??= TermOffsets(text, record);
                Add(AuditSeverity.Info, AuditCodes.SpfMacroTarget, $"'{mechanism}' at {domain} depends on the message (macros, RFC 7208 §7): the look-ups below it are not counted", domain, text, offsets?[IndexOf(record, mechanism)]);
                continue;
            }

            string target = TrimDot(mechanism.DomainSpec ?? domain);
            switch (mechanism.Kind)
            {
                case SpfMechanismKind.Include:
                    SpfWalk inner = await WalkDomainAsync(target, depth + 1, mechanism.ToString(), domain).ConfigureAwait(false);
                    lookups = Add(lookups, inner.Lookups);
                    voids = Add(voids, inner.Voids);
                    if (inner.Terminal == SpfQualifier.Pass)
                    {
                        // §5.2: the include always matches, so this record always ends here.
                        Add(AuditSeverity.Error, AuditCodes.SpfPassAll, $"'{mechanism}' at {domain} always matches: the included record passes every host ('+all')", domain, text);
                        return new SpfWalk(lookups, voids, mechanism.Qualifier);
                    }

                    break;
                case SpfMechanismKind.A:
                    voids = Add(voids, await IsVoidAsync(target).ConfigureAwait(false) ? 1 : 0);
                    break;
                case SpfMechanismKind.Exists:
                    // §5.7: exists matches whenever the name has an A record, whatever the client: evaluation ends here.
                    if (await IsVoidAsync(target).ConfigureAwait(false))
                    {
                        voids = Add(voids, 1);
                    }
                    else if (Text.DomainName.IsQueryable(target) && (await Dns.QueryAAsync(target).ConfigureAwait(false)).Status == DnsStatus.NoError)
                    {
                        return new SpfWalk(lookups, voids, mechanism.Qualifier);
                    }

                    break;
                case SpfMechanismKind.Mx:
                    voids = Add(voids, await MxVoidsAsync(target).ConfigureAwait(false));
                    break;
            }
        }

        if (record.Redirect is { } redirect)
        {
            lookups = Add(lookups, 1);
            if (redirect.ValueHasMacros)
            {
                Add(AuditSeverity.Info, AuditCodes.SpfMacroTarget, $"'{redirect}' at {domain} depends on the message (macros, RFC 7208 §7): the look-ups below it are not counted", domain, text);
                return new SpfWalk(lookups, voids, null);
            }

            SpfWalk inner = await WalkDomainAsync(TrimDot(redirect.Value), depth + 1, redirect.ToString(), domain).ConfigureAwait(false);
            return new SpfWalk(Add(lookups, inner.Lookups), Add(voids, inner.Voids), inner.Terminal);
        }

        return new SpfWalk(lookups, voids, null);
    }

    private async ValueTask<SpfWalk> WalkDomainAsync(string target, int depth, string term, string from)
    {
        if (_walking.Contains(target))
        {
            Add(AuditSeverity.Error, AuditCodes.SpfIncludeLoop, $"'{term}' at {from} leads back to {target}, which is already being evaluated: receivers run out of look-ups and return permerror", from);
            return new SpfWalk(Unbounded, 0, null);
        }

        if (_walked.TryGetValue(target, out SpfWalk known))
        {
            return known; // the same record costs the same each time the evaluator meets it
        }

        if (depth > Options.MaxIncludeDepth)
        {
            Add(AuditSeverity.Warning, AuditCodes.SpfIncludeTooDeep, $"'{term}' at {from} nests deeper than {Options.MaxIncludeDepth} levels; the auditor did not follow it, so the look-up count is a lower bound", from);
            return new SpfWalk(0, 0, null);
        }

        DnsResponse<TxtRecord> txt = await Dns.QueryTxtAsync(target).ConfigureAwait(false);
        SpfWalk walk;
        if (!txt.IsDefinitive)
        {
            Add(AuditSeverity.Error, AuditCodes.SpfIncludeBroken, $"'{term}' at {from}: the TXT look-up of {target} failed ({txt.Status}); receivers return temperror", from);
            walk = new SpfWalk(0, 0, null);
        }
        else
        {
            TxtRecord[] spf = txt.Records.Where(r => SpfRecord.IsSpfVersion1(r.Text)).ToArray();
            if (spf.Length != 1)
            {
                string what = spf.Length == 0 ? "has no SPF record" : $"has {spf.Length} SPF records";
                Add(AuditSeverity.Error, AuditCodes.SpfIncludeBroken, $"'{term}' at {from}: {target} {what}; receivers return permerror (RFC 7208 §5.2, §6.1)", target);
                walk = new SpfWalk(0, 0, null);
            }
            else if (!SpfRecord.TryParse(spf[0].Text, out SpfRecord? record, out SpfParseError error))
            {
                Add(AuditSeverity.Error, AuditCodes.SpfIncludeBroken, $"'{term}' at {from}: the SPF record of {target} does not parse ({error}); receivers return permerror", target, spf[0].Text, error.Offset);
                walk = new SpfWalk(0, 0, null);
            }
            else
            {
                CheckStrings(spf[0], target);
                _walking.Add(target);
                walk = await WalkRecordAsync(record, target, spf[0].Text, depth).ConfigureAwait(false);
                _walking.Remove(target);
            }
        }

        _walked[target] = walk;
        return walk;
    }

    // §5.3, §5.7: an A query (the evaluator asks A for an IPv4 client); §4.6.4: no answer is a void look-up.
    private async ValueTask<bool> IsVoidAsync(string target)
        => Text.DomainName.IsQueryable(target) && (await Dns.QueryAAsync(target).ConfigureAwait(false)).IsEmpty;

    // §5.4: the MX query, then an A query per exchange (at most 10, §4.6.4); each empty answer is a void look-up.
    private async ValueTask<long> MxVoidsAsync(string target)
    {
        if (!Text.DomainName.IsQueryable(target))
        {
            return 0;
        }

        DnsResponse<MxRecord> mx = await Dns.QueryMxAsync(target).ConfigureAwait(false);
        if (mx.IsEmpty)
        {
            return 1;
        }

        long voids = 0;
        foreach (MxRecord record in mx.Records.Take(10))
        {
            string exchange = TrimDot(record.Exchange);
            if (Text.DomainName.IsQueryable(exchange) && (await Dns.QueryAAsync(exchange).ConfigureAwait(false)).IsEmpty)
            {
                voids++;
            }
        }

        return voids;
    }

    private static long Add(long a, long b) => Math.Min(Unbounded, a + b);

    private static string TrimDot(string name) => name.Length > 1 && name[^1] == '.' ? name[..^1] : name;

    /// <summary>check_host() for each profile IP: for the envelope domain, and for the From domain itself (ESP page: some carriers check it).</summary>
    private async ValueTask CheckProfileSpfAsync(string? fromRecord)
    {
        if (Addresses.Length == 0)
        {
            return;
        }

        var evaluator = new SpfEvaluator(Dns, new SpfOptions { TimeProvider = Options.TimeProvider, Timeout = Options.Timeout, MaxParsedRecords = 0 });
        var failing = new List<string>();
        foreach (IPAddress address in Addresses)
        {
            SpfResult result = await evaluator.CheckHostAsync(address, EnvelopeDomain, "postmaster@" + EnvelopeDomain, cancellationToken: CancellationToken).ConfigureAwait(false);
            EnvelopeSpf[address] = result;
            if (result.Status != SpfStatus.Pass)
            {
                failing.Add($"{address}: {result.Keyword} ({result.Reason})");
            }
        }

        if (failing.Count > 0)
        {
            Add(AuditSeverity.Error, AuditCodes.SpfProfileIpFails,
                $"SPF of the envelope domain {EnvelopeDomain} does not pass for {failing.Count} of {Addresses.Length} profile IP(s): {string.Join("; ", failing)}; add them to its record (e.g. with ip4/ip6 or the provider's include)",
                EnvelopeDomain);
        }
        else
        {
            Add(AuditSeverity.Info, AuditCodes.SpfProfileIpPasses, $"SPF of the envelope domain {EnvelopeDomain} passes for all {Addresses.Length} profile IP(s)", EnvelopeDomain);
        }

        if (string.Equals(EnvelopeDomain, Domain, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var fromFailing = new List<string>();
        foreach (IPAddress address in Addresses)
        {
            SpfResult result = await evaluator.CheckHostAsync(address, Domain, "postmaster@" + Domain, cancellationToken: CancellationToken).ConfigureAwait(false);
            if (result.Status != SpfStatus.Pass)
            {
                fromFailing.Add($"{address}: {result.Keyword}");
            }
        }

        if (fromFailing.Count > 0)
        {
            Add(AuditSeverity.Warning, AuditCodes.FromSpfIpFails,
                $"the From domain's own SPF record does not pass the profile IP(s) ({string.Join("; ", fromFailing)}); some mobile carriers check SPF against the From domain, so add the sending service's IPs or include there too (ESP guide)",
                Domain, fromRecord);
        }
    }
}
