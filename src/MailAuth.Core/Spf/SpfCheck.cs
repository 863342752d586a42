using System.Net;
using System.Net.Sockets;
using System.Text;
using MailAuth.Dns;
using MailAuth.Text;

namespace MailAuth.Spf;

/// <summary>
/// The state of one <c>check_host()</c> evaluation (RFC 7208 §4): the inputs, the look-up counters of §4.6.4 shared
/// by includes and redirects, the time budget and the validated PTR name. Not thread-safe; one per evaluation.
/// </summary>
internal sealed partial class SpfCheck
{
    private readonly SpfEvaluator _evaluator;
    private readonly SpfOptions _options;
    private readonly IDnsResolver _resolver;
    private readonly CancellationToken _cancellationToken;
    private readonly long _started;
    private SpfStatus _abortCode;
    private SpfProblem _abortProblem;
    private string _abortReason = string.Empty;
    private string? _localPart;
    private string? _senderDomain;

    internal SpfCheck(SpfEvaluator evaluator, IPAddress address, string sender, string? helo, CancellationToken cancellationToken)
    {
        _evaluator = evaluator;
        _options = evaluator.Options;
        _resolver = evaluator.Resolver;
        _cancellationToken = cancellationToken;
        _started = _options.TimeProvider.GetTimestamp();
        Address = SpfAddress.Normalize(address);
        Family = Address.AddressFamily;
        AddressBits = SpfAddress.ToBits(Address);
        Sender = sender;
        Helo = helo;
    }

    internal IPAddress Address { get; }

    internal AddressFamily Family { get; }

    internal UInt128 AddressBits { get; }

    internal string Sender { get; }

    /// <summary>§4.3: a sender without local-part uses "postmaster".</summary>
    internal string LocalPart => _localPart ??= Sender.LastIndexOf('@') is int at && at > 0 ? Sender[..at] : "postmaster";

    internal string SenderDomain => _senderDomain ??= Sender[(Sender.LastIndexOf('@') + 1)..];

    internal string? Helo { get; }

    /// <summary>The Sender ID scope being checked, or <see cref="SenderIdScope.None"/> for plain SPF.</summary>
    internal SenderIdScope Scope { get; init; }

    internal int DnsLookups { get; private set; }

    internal int VoidLookups { get; private set; }

    /// <summary>The queries sent to the resolver, cached answers included (<see cref="SpfResult.DnsQueries"/>).</summary>
    internal int DnsQueries { get; private set; }

    private bool IsV6 => Family == AddressFamily.InterNetworkV6;

    /// <summary>check_host(ip, domain, sender) of §4; <paramref name="explain"/> is false inside include (§6.2: only the top-level fail is explained).</summary>
    internal async ValueTask<SpfOutcome> CheckHostAsync(string domain, bool explain)
    {
        // §4.3: a malformed or single-label domain gives "none".
        if (!SpfDomainName.IsCheckableDomain(domain))
        {
            return SpfOutcome.Error(SpfStatus.None, SpfProblem.InvalidDomain, $"'{domain}' is not a valid multi-label domain name");
        }

        domain = TrimDot(domain);
        DnsResponse<TxtRecord> txt = await QueryTxtAsync(domain).ConfigureAwait(false);
        switch (SpfDnsStatus.Classify(txt))
        {
            case SpfDnsOutcome.Error:
                return SpfOutcome.Error(SpfStatus.TempError, SpfDnsStatus.Problem(txt), SpfDnsStatus.Describe(txt, "TXT", domain));
            case SpfDnsOutcome.Void:
                return SpfOutcome.Error(SpfStatus.None, SpfProblem.NoRecord, $"no SPF record at '{domain}'");
        }

        // §4.5: exactly one v=spf1 record (Sender ID: RFC 4406 §3.4, an spf2.0 record of the scope first).
        int termsStart = SpfRecord.Version1.Length;
        string version = SpfRecord.Version1;
        int count = Scope == SenderIdScope.None
            ? SpfRecord.Select(txt.Records, out string? text)
            : SenderIdRecordSelector.Select(txt.Records, Scope, out text, out termsStart, out version);
        if (count == 0)
        {
            return SpfOutcome.Error(SpfStatus.None, SpfProblem.NoRecord, $"no SPF record at '{domain}'");
        }

        if (count > 1)
        {
            return SpfOutcome.Error(SpfStatus.PermError, SpfProblem.MultipleRecords, $"{count} SPF records at '{domain}'");
        }

        if (!_evaluator.TryGetRecord(text!, termsStart, version, out SpfRecord? record, out SpfParseError error))
        {
            return SpfOutcome.Error(SpfStatus.PermError, SpfProblem.Syntax, $"invalid SPF record at '{domain}': {error}");
        }

        foreach (SpfMechanism mechanism in record.MechanismArray)
        {
            SpfMatch match = await MatchAsync(mechanism, domain).ConfigureAwait(false);
            if (match == SpfMatch.Abort)
            {
                return SpfOutcome.Error(_abortCode, _abortProblem, _abortReason);
            }

            if (match == SpfMatch.Match)
            {
                SpfStatus code = mechanism.MatchResult;
                string? explanation = code == SpfStatus.Fail && explain ? await ExplainAsync(record, domain).ConfigureAwait(false) : null;
                return new SpfOutcome(code, mechanism.ToString(), explanation, null, domain);
            }
        }

        // §6.1: redirect applies when no mechanism matched; the exp= of this record no longer applies.
        if (record.Redirect is { } redirect)
        {
            if (!CountLookup(redirect.ToString()))
            {
                return SpfOutcome.Error(_abortCode, _abortProblem, _abortReason);
            }

            if (await ExpandDomainAsync(redirect.MacroValue, domain).ConfigureAwait(false) is not { } target)
            {
                return SpfOutcome.Error(_abortCode, _abortProblem, _abortReason);
            }

            SpfOutcome outcome = await CheckHostAsync(target, explain).ConfigureAwait(false);
            return outcome.Code == SpfStatus.None
                ? SpfOutcome.Error(SpfStatus.PermError, outcome.Kind, $"redirect target '{target}': {outcome.Reason}")
                : outcome;
        }

        return new SpfOutcome(SpfStatus.Neutral, SpfOutcome.DefaultMechanism, null, null, domain);
    }

    private async ValueTask<SpfMatch> MatchAsync(SpfMechanism mechanism, string domain)
    {
        switch (mechanism.Kind)
        {
            case SpfMechanismKind.All:
                return SpfMatch.Match;
            case SpfMechanismKind.Ip4:
            case SpfMechanismKind.Ip6:
                return mechanism.ContainsAddress(AddressBits, Family) ? SpfMatch.Match : SpfMatch.NoMatch;
        }

        if (!CountLookup(mechanism.ToString()))
        {
            return SpfMatch.Abort;
        }

        string? target = mechanism.DomainSpecMacro is null ? domain : await ExpandDomainAsync(mechanism.DomainSpecMacro, domain).ConfigureAwait(false);
        if (target is null)
        {
            return SpfMatch.Abort; // an input over its bound (RFC 5321 §4.5.3.1): the abort reason is set
        }

        switch (mechanism.Kind)
        {
            case SpfMechanismKind.Include:
                return await MatchIncludeAsync(target).ConfigureAwait(false);
            case SpfMechanismKind.Exists:
                return await MatchExistsAsync(target).ConfigureAwait(false);
            case SpfMechanismKind.Ptr:
                return await MatchPtrAsync(target).ConfigureAwait(false);
        }

        int ip4 = mechanism.Ip4PrefixLength ?? 32;
        int ip6 = mechanism.Ip6PrefixLength ?? 128;
        if (mechanism.Kind == SpfMechanismKind.A)
        {
            return await MatchAddressesAsync(target, ip4, ip6).ConfigureAwait(false);
        }

        return await MatchMxAsync(target, ip4, ip6).ConfigureAwait(false);
    }

    // §5.2: pass → match; fail, softfail, neutral → no match; temperror → temperror; permerror, none → permerror.
    private async ValueTask<SpfMatch> MatchIncludeAsync(string target)
    {
        SpfOutcome inner = await CheckHostAsync(target, explain: false).ConfigureAwait(false);
        switch (inner.Code)
        {
            case SpfStatus.Pass:
                return SpfMatch.Match;
            case SpfStatus.Fail or SpfStatus.SoftFail or SpfStatus.Neutral:
                return SpfMatch.NoMatch;
            case SpfStatus.TempError:
                return Abort(SpfStatus.TempError, inner.Kind, inner.Reason);
            default:
                return Abort(SpfStatus.PermError, inner.Kind, $"include:{target}: {inner.Reason}");
        }
    }

    // §5.7: an A query whatever the client's address family.
    private async ValueTask<SpfMatch> MatchExistsAsync(string target)
    {
        if (!DomainName.IsQueryable(target))
        {
            return SpfMatch.NoMatch;
        }

        DnsResponse<IPAddress> response = await QueryAddressAsync(target, AddressFamily.InterNetwork).ConfigureAwait(false);
        return Classify(response, "A", target) switch
        {
            SpfDnsOutcome.Records => SpfMatch.Match,
            SpfDnsOutcome.Void => CountVoid(target),
            _ => SpfMatch.Abort,
        };
    }

    // §5.3
    private async ValueTask<SpfMatch> MatchAddressesAsync(string target, int ip4Prefix, int ip6Prefix)
    {
        if (!DomainName.IsQueryable(target))
        {
            return SpfMatch.NoMatch;
        }

        DnsResponse<IPAddress> response = await QueryAddressAsync(target, Family).ConfigureAwait(false);
        switch (Classify(response, IsV6 ? "AAAA" : "A", target))
        {
            case SpfDnsOutcome.Void:
                return CountVoid(target);
            case SpfDnsOutcome.Error:
                return SpfMatch.Abort;
        }

        foreach (IPAddress candidate in response.Records)
        {
            if (SpfAddress.Matches(candidate, AddressBits, Family, ip4Prefix, ip6Prefix))
            {
                return SpfMatch.Match;
            }
        }

        return SpfMatch.NoMatch;
    }

    // §5.4, §4.6.4: more than MaxMxNames MX records is a permerror, decided before any address look-up.
    private async ValueTask<SpfMatch> MatchMxAsync(string target, int ip4Prefix, int ip6Prefix)
    {
        if (!DomainName.IsQueryable(target))
        {
            return SpfMatch.NoMatch;
        }

        DnsResponse<MxRecord> mx = await QueryMxAsync(target).ConfigureAwait(false);
        switch (Classify(mx, "MX", target))
        {
            case SpfDnsOutcome.Void:
                return CountVoid(target);
            case SpfDnsOutcome.Error:
                return SpfMatch.Abort;
        }

        if (mx.Records.Count > _options.MaxMxNames)
        {
            return Abort(SpfStatus.PermError, SpfProblem.TooManyMxNames, $"'{target}' has {mx.Records.Count} MX records, more than the limit of {_options.MaxMxNames}");
        }

        foreach (MxRecord record in mx.Records)
        {
            string exchange = TrimDot(record.Exchange);
            if (!DomainName.IsQueryable(exchange))
            {
                continue; // a null MX (RFC 7505) or an unusable name has no address
            }

            SpfMatch match = await MatchAddressesAsync(exchange, ip4Prefix, ip6Prefix).ConfigureAwait(false);
            if (match != SpfMatch.NoMatch)
            {
                return match;
            }
        }

        return SpfMatch.NoMatch;
    }

    // §5.5: validated PTR names equal to or below the target match. DNS errors here mean "no match".
    private async ValueTask<SpfMatch> MatchPtrAsync(string target)
    {
        List<string>? names = await GetValidatedNamesAsync().ConfigureAwait(false);
        if (names is null)
        {
            return VoidLookups > _options.MaxVoidLookups ? SpfMatch.Abort : SpfMatch.NoMatch;
        }

        foreach (string name in names)
        {
            if (IsSameOrSubdomain(name, target))
            {
                return SpfMatch.Match;
            }
        }

        return SpfMatch.NoMatch;
    }

    private List<string>? _validatedNames;
    private bool _validatedNamesDone;

    /// <summary>The validated names of the client address (§5.5): PTR names (at most MaxPtrNames) whose addresses include it.</summary>
    private async ValueTask<List<string>?> GetValidatedNamesAsync()
    {
        if (_validatedNamesDone)
        {
            return _validatedNames;
        }

        _validatedNamesDone = true;
        DnsResponse<string> ptr = await QueryPtrAsync().ConfigureAwait(false);
        SpfDnsOutcome outcome = SpfDnsStatus.Classify(ptr);
        if (outcome == SpfDnsOutcome.Void)
        {
            _ = CountVoid("PTR of " + Address);
        }

        if (outcome != SpfDnsOutcome.Records)
        {
            return null;
        }

        var validated = new List<string>();
        int limit = Math.Min(ptr.Records.Count, _options.MaxPtrNames);
        for (int i = 0; i < limit; i++)
        {
            string name = TrimDot(ptr.Records[i]);
            if (!DomainName.IsQueryable(name))
            {
                continue;
            }

            DnsResponse<IPAddress> addresses = await QueryAddressAsync(name, Family).ConfigureAwait(false);
            SpfDnsOutcome result = SpfDnsStatus.Classify(addresses);
            if (result == SpfDnsOutcome.Void)
            {
                if (CountVoid(name) == SpfMatch.Abort)
                {
                    return null;
                }

                continue;
            }

            if (result == SpfDnsOutcome.Error)
            {
                continue; // §5.5: "that domain name is skipped and the search continues"
            }

            foreach (IPAddress candidate in addresses.Records)
            {
                if (SpfAddress.Matches(candidate, AddressBits, Family, 32, 128))
                {
                    validated.Add(name);
                    break;
                }
            }
        }

        _validatedNames = validated;
        return validated;
    }

    private static bool IsSameOrSubdomain(string name, string domain)
    {
        ReadOnlySpan<char> n = TrimDot(name);
        ReadOnlySpan<char> d = TrimDot(domain);
        return n.Equals(d, StringComparison.OrdinalIgnoreCase)
            || (n.Length > d.Length && n[^(d.Length + 1)] == '.' && n.EndsWith(d, StringComparison.OrdinalIgnoreCase));
    }

    // §6.2: the explanation is fetched after a fail; any problem falls back to the default explanation.
    private async ValueTask<string?> ExplainAsync(SpfRecord record, string domain)
    {
        if (record.Explanation is { } exp && !IsOutOfTime())
        {
            string? target = await ExpandDomainAsync(exp.MacroValue, domain).ConfigureAwait(false);
            if (target is not null && DomainName.IsQueryable(target))
            {
                DnsResponse<TxtRecord> txt = await QueryTxtAsync(target).ConfigureAwait(false);
                if (SpfDnsStatus.Classify(txt) == SpfDnsOutcome.Records && txt.Records.Count == 1
                    && IsAscii(txt.Records[0].Text)
                    && SpfMacroString.TryParseExplanation(txt.Records[0].Text, out SpfMacroString? text, out _))
                {
                    // §6.2: a problem with the explanation never changes the result; it only falls back.
                    if (await ExpandAsync(text, domain).ConfigureAwait(false) is { } explanation)
                    {
                        return explanation;
                    }
                }
            }
        }

        return _evaluator.DefaultExplanation is { } fallback
            ? await ExpandAsync(fallback, domain).ConfigureAwait(false)
            : null;
    }

    private static bool IsAscii(string text)
    {
        foreach (char c in text)
        {
            if (c > '~' || (c < ' ' && c != '\t'))
            {
                return false;
            }
        }

        return true;
    }

    private static string TrimDot(string name) => name.Length > 1 && name[^1] == '.' ? name[..^1] : name;

    private bool CountLookup(string term)
    {
        if (DnsLookups >= _options.MaxDnsLookups)
        {
            _ = Abort(SpfStatus.PermError, SpfProblem.TooManyDnsLookups, $"'{term}' would exceed the limit of {_options.MaxDnsLookups} DNS-querying terms");
            return false;
        }

        DnsLookups++;
        return true;
    }

    private SpfMatch CountVoid(string name)
    {
        VoidLookups++;
        return VoidLookups > _options.MaxVoidLookups
            ? Abort(SpfStatus.PermError, SpfProblem.TooManyVoidLookups, $"void look-up of '{name}' exceeds the limit of {_options.MaxVoidLookups} void look-ups")
            : SpfMatch.NoMatch;
    }

    private SpfMatch Abort(SpfStatus code, SpfProblem problem, string reason)
    {
        _abortCode = code;
        _abortProblem = problem;
        _abortReason = reason;
        return SpfMatch.Abort;
    }

    private SpfDnsOutcome Classify<T>(DnsResponse<T> response, string type, string name)
    {
        SpfDnsOutcome outcome = SpfDnsStatus.Classify(response);
        if (outcome == SpfDnsOutcome.Error)
        {
            _ = Abort(SpfStatus.TempError, SpfDnsStatus.Problem(response), SpfDnsStatus.Describe(response, type, name));
        }

        return outcome;
    }

    private bool IsOutOfTime() => _options.Timeout != Timeout.InfiniteTimeSpan && _options.TimeProvider.GetElapsedTime(_started) >= _options.Timeout;

    private TimeSpan Remaining()
    {
        if (_options.Timeout == Timeout.InfiniteTimeSpan)
        {
            return Timeout.InfiniteTimeSpan;
        }

        TimeSpan left = _options.Timeout - _options.TimeProvider.GetElapsedTime(_started);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private ValueTask<DnsResponse<TxtRecord>> QueryTxtAsync(string name)
        => IsOutOfTime() ? new(OutOfTime<TxtRecord>()) : AwaitAsync(_resolver.QueryTxtAsync(name, _cancellationToken));

    private ValueTask<DnsResponse<IPAddress>> QueryAddressAsync(string name, AddressFamily family)
        => IsOutOfTime() ? new(OutOfTime<IPAddress>())
        : AwaitAsync(family == AddressFamily.InterNetworkV6 ? _resolver.QueryAaaaAsync(name, _cancellationToken) : _resolver.QueryAAsync(name, _cancellationToken));

    private ValueTask<DnsResponse<MxRecord>> QueryMxAsync(string name)
        => IsOutOfTime() ? new(OutOfTime<MxRecord>()) : AwaitAsync(_resolver.QueryMxAsync(name, _cancellationToken));

    private ValueTask<DnsResponse<string>> QueryPtrAsync()
        => IsOutOfTime() ? new(OutOfTime<string>()) : AwaitAsync(_resolver.QueryPtrAsync(Address, _cancellationToken));

    private DnsResponse<T> OutOfTime<T>() => DnsResponse<T>.Failure(DnsStatus.Timeout, TimeSpan.Zero, $"the SPF time budget of {_options.Timeout.TotalSeconds:0.###} s ran out");

    /// <summary>Completes synchronously when the resolver did; otherwise waits at most for the rest of the time budget.</summary>
    private ValueTask<DnsResponse<T>> AwaitAsync<T>(ValueTask<DnsResponse<T>> pending)
    {
        DnsQueries++;
        if (pending.IsCompletedSuccessfully)
        {
            return new(pending.Result);
        }

        return WaitAsync(pending);
    }

    private async ValueTask<DnsResponse<T>> WaitAsync<T>(ValueTask<DnsResponse<T>> pending)
    {
        try
        {
            TimeSpan remaining = Remaining();
            return remaining == Timeout.InfiniteTimeSpan
                ? await pending.ConfigureAwait(false)
                : await pending.AsTask().WaitAsync(remaining, _options.TimeProvider, _cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return OutOfTime<T>();
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Resolvers should return failures as values; a misbehaving one still only gives temperror.
            return DnsResponse<T>.Failure(DnsStatus.OtherError, TimeSpan.Zero, ex.Message);
        }
    }
}
