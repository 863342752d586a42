using MailAuth.Diagnostics;
using MailAuth.Dns;
using MailAuth.PublicSuffix;
using Microsoft.Extensions.Logging;

namespace MailAuth.Dmarc;

/// <summary>
/// DMARC evaluation (RFC 9989 §5.3, RFC 7489 §6.6): policy discovery for the Author Domain, identifier alignment of the
/// SPF and DKIM results the caller supplies, the applicable policy (<c>p</c>/<c>sp</c>/<c>np</c>) and the disposition.
/// Immutable and thread-safe; DNS answers are shared inside one evaluation only (wrap the resolver in a cache for more).
/// </summary>
public sealed class DmarcEvaluator
{
    private readonly IDnsResolver _resolver;
    private readonly DmarcOptions _options;
    private readonly PublicSuffixOrganizationalDomainProvider _psl;
    private readonly ILogger _logger;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="resolver">The DNS resolver.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (RFC 9989 mode).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public DmarcEvaluator(IDnsResolver resolver, DmarcOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _options = (options ?? new DmarcOptions()).Freeze();
        _resolver = resolver;
        _psl = new PublicSuffixOrganizationalDomainProvider(_options.PublicSuffixList ?? PublicSuffixList.Default);
        _logger = Telemetry.CreateLogger(_options.LoggerFactory, MailAuthDiagnostics.DmarcCategory);
    }

    /// <summary>The settings in use (a validated copy).</summary>
    public DmarcOptions Options => _options;

    /// <summary>Evaluates DMARC for one Author Domain.</summary>
    /// <param name="fromDomain">The RFC5322.From domain (see <see cref="AuthorDomains.Extract(string)"/>); <see langword="null"/> or invalid gives <c>permerror</c>.</param>
    /// <param name="spf">The SPF result for the MAIL FROM (or HELO, for a null MAIL FROM) identity.</param>
    /// <param name="dkim">The result of each DKIM signature.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The result.</returns>
    public ValueTask<DmarcResult> EvaluateAsync(string? fromDomain, DmarcSpfInput spf, IReadOnlyList<DmarcDkimInput>? dkim, CancellationToken cancellationToken = default)
        => fromDomain is null
            ? ValueTask.FromResult(new DmarcResult(DmarcStatus.PermError, DmarcProblem.NoAuthorDomain, "no RFC5322.From domain") { Mode = _options.Mode })
            : EvaluateAsync(AuthorDomains.FromDomain(fromDomain), spf, dkim, cancellationToken);

    /// <summary>
    /// Evaluates DMARC for the Author Domain(s) of a message. Several distinct domains — in one From field or, by
    /// default, in several From fields — are each evaluated and combined as RFC 7489 §6.6.1 describes (the strictest
    /// policy among those that fail). A From field with no address gives <c>permerror</c>; an unusable address (no
    /// domain, a domain literal, an invalid or all-numeric domain, an unparseable field) gives <c>permerror</c> unless a
    /// usable domain of the same message fails, whose policy then applies (RFC 7489 §6.6.1 leaves these to the receiver).
    /// </summary>
    /// <param name="author">The From domains (<see cref="AuthorDomains.Extract(IReadOnlyList{string})"/>).</param>
    /// <param name="spf">The SPF result.</param>
    /// <param name="dkim">The result of each DKIM signature.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The result.</returns>
    public async ValueTask<DmarcResult> EvaluateAsync(AuthorDomains author, DmarcSpfInput spf, IReadOnlyList<DmarcDkimInput>? dkim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(author);
        using var call = EngineCall.Start("mailauth.dmarc.evaluate", "dmarc", Telemetry.VerifyDuration);
        DmarcResult result = await EvaluateCoreAsync(author, spf, dkim, cancellationToken).ConfigureAwait(false);
        call.Activity?.SetTag(Telemetry.DomainTag, result.AuthorDomain);
        call.Complete(result.Keyword, result.Status is DmarcStatus.TempError or DmarcStatus.PermError ? result.Problem.ToString() : null);
        DmarcLog.Result(_logger, result.AuthorDomain, result.Keyword, result.Policy, result.Disposition, result.Problem);
        if (result.Status == DmarcStatus.TempError)
        {
            DmarcLog.TempError(_logger, result.AuthorDomain, result.Problem);
        }

        return result;
    }

    private async ValueTask<DmarcResult> EvaluateCoreAsync(AuthorDomains author, DmarcSpfInput spf, IReadOnlyList<DmarcDkimInput>? dkim, CancellationToken cancellationToken)
    {
        dkim ??= Array.Empty<DmarcDkimInput>();
        DmarcResult? unusable = null;
        if (!author.IsValid)
        {
            unusable = new DmarcResult(DmarcStatus.PermError, author.Problem, "unusable RFC5322.From: " + author.Reason) { Mode = _options.Mode };
            if (author.Domains.Count == 0)
            {
                return unusable;
            }
        }
        else if (author.FromFieldCount > 1 && _options.MultipleFromFieldsPermError)
        {
            return new DmarcResult(DmarcStatus.PermError, DmarcProblem.MultipleFromFields, $"{author.FromFieldCount} From header fields (RFC 5322 §3.6 allows one)") { Mode = _options.Mode };
        }

        if (author.Domains.Count > _options.MaxAuthorDomains)
        {
            // Fail closed: a domain beyond the limit is never looked up, so its p=reject cannot be known; an attacker could
            // hide a spoofed domain there. RFC 9989 §11.5: such messages are mostly abusive; handle them as threats.
            return new DmarcResult(DmarcStatus.PermError, DmarcProblem.TooManyAuthorDomains, $"more than {_options.MaxAuthorDomains} From domains; rejected (fail closed)")
            {
                Mode = _options.Mode,
                Disposition = DmarcPolicy.Reject,
            };
        }

        DmarcResult result = await EvaluateDomainsAsync(author, spf, dkim, cancellationToken).ConfigureAwait(false);

        // An unusable address (or field) next to usable ones must not hide a usable domain's failing policy: apply
        // the strictest failing policy among the usable domains, else report the permerror (RFC 7489 §6.6.1 leaves it open).
        return unusable is null || result.Status == DmarcStatus.Fail ? result : unusable;
    }

    private async ValueTask<DmarcResult> EvaluateDomainsAsync(AuthorDomains author, DmarcSpfInput spf, IReadOnlyList<DmarcDkimInput> dkim, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(_options.Timeout, _options.TimeProvider);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var fetcher = new DmarcRecordFetcher(_resolver);
        try
        {
            if (author.Domains.Count == 1)
            {
                return await EvaluateDomainAsync(author.Domains[0], spf, dkim, fetcher, budget.Token).ConfigureAwait(false);
            }

            var results = new DmarcResult[author.Domains.Count];
            for (int i = 0; i < results.Length; i++)
            {
                results[i] = await EvaluateDomainAsync(author.Domains[i], spf, dkim, fetcher, budget.Token).ConfigureAwait(false);
            }

            return Combine(results);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DmarcResult(DmarcStatus.TempError, DmarcProblem.Timeout, $"time budget of {_options.Timeout.TotalSeconds:0.###} s exceeded") { Mode = _options.Mode, DnsQueries = fetcher.Queries };
        }
    }

    /// <summary>
    /// Which identifier domains could still align with the Author Domain(s), known from policy discovery alone:
    /// strict alignment needs the Author Domain itself, relaxed alignment the same Organizational Domain, and an
    /// Organizational Domain is always the name itself or one of its parents (RFC 9989 §4.10.2, RFC 7489 §3.2), so an
    /// identifier that is neither the Author Domain nor its Organizational Domain or a subdomain of it can never align.
    /// The facade uses this to cancel key look-ups DMARC does not depend on. Never throws; when the scope cannot be
    /// known (a custom Organizational Domain provider, a DNS error, cancellation) every domain counts as relevant.
    /// </summary>
    internal async Task<Func<string, bool>> GetAlignmentScopeAsync(AuthorDomains author, CancellationToken cancellationToken)
    {
        static bool All(string domain) => true;
        if (_options.OrganizationalDomainProvider is not null || author.Domains.Count == 0 || author.Domains.Count > _options.MaxAuthorDomains)
        {
            return All;
        }

        var anchors = new List<(string Author, string? Org)>(author.Domains.Count);
        var fetcher = new DmarcRecordFetcher(_resolver);
        try
        {
            foreach (string domain in author.Domains)
            {
                if (!DmarcDomain.TryNormalize(domain, out string normalized, out _))
                {
                    continue;
                }

                string? org;
                if (_options.Mode == DmarcMode.Rfc7489Psl)
                {
                    org = _psl.GetOrganizationalDomain(normalized).Domain;
                }
                else
                {
                    var walk = await DmarcTreeWalk.RunAsync(normalized, fetcher, _options.MaxTreeWalkQueries, cancellationToken).ConfigureAwait(false);
                    if (walk.IsTempError)
                    {
                        return All;
                    }

                    org = walk.OrganizationalDomain;
                }

                anchors.Add((normalized, org));
            }
        }
        catch (OperationCanceledException)
        {
            return All;
        }

        return domain =>
        {
            if (!DmarcDomain.TryNormalize(domain, out string id, out _))
            {
                return false;
            }

            foreach (var (authorDomain, org) in anchors)
            {
                if (id == authorDomain || (org is not null && (id == org || DmarcDomain.IsSubdomainOf(id, org))))
                {
                    return true;
                }
            }

            return false;
        };
    }

    private static DmarcResult Combine(DmarcResult[] results)
    {
        DmarcResult? chosen = results.Where(r => r.Status == DmarcStatus.Fail).MaxBy(r => r.Disposition)
            ?? results.FirstOrDefault(r => r.Status == DmarcStatus.TempError)
            ?? results.FirstOrDefault(r => r.Status == DmarcStatus.Pass)
            ?? results.FirstOrDefault(r => r.Status == DmarcStatus.PermError)
            ?? results[0];
        return chosen with
        {
            Reason = $"{results.Length} From domains; {chosen.AuthorDomain}: {chosen.Reason}",
            DnsQueries = results.Sum(r => r.DnsQueries),
            AuthorResults = results,
        };
    }

    private async ValueTask<DmarcResult> EvaluateDomainAsync(string fromDomain, DmarcSpfInput spf, IReadOnlyList<DmarcDkimInput> dkim, DmarcRecordFetcher fetcher, CancellationToken ct)
    {
        DmarcMode mode = _options.Mode;
        int queriesBefore = fetcher.Queries;
        if (!DmarcDomain.TryNormalize(fromDomain, out string author, out string? domainError))
        {
            return new DmarcResult(DmarcStatus.PermError, DmarcProblem.InvalidAuthorDomain, "unusable RFC5322.From domain: " + domainError) { Mode = mode };
        }

        // 1. Policy discovery.
        var discovery = new List<DmarcTreeWalkStep>();
        DmarcTreeWalkStep? policyStep;
        string? authorOrg = null;
        string? discoveryError;
        if (mode == DmarcMode.Rfc9989TreeWalk)
        {
            var walk = await DmarcTreeWalk.RunAsync(author, fetcher, _options.MaxTreeWalkQueries, ct).ConfigureAwait(false);
            discovery.AddRange(walk.Steps);
            discoveryError = walk.Error;
            policyStep = walk.IsTempError ? null : walk.PolicyStep;
            authorOrg = walk.IsTempError ? null : walk.OrganizationalDomain;
        }
        else
        {
            (policyStep, authorOrg, discoveryError) = await DiscoverRfc7489Async(author, fetcher, discovery, ct).ConfigureAwait(false);
        }

        if (discoveryError is not null)
        {
            return new DmarcResult(DmarcStatus.TempError, DmarcProblem.DnsFailure, discoveryError) { Mode = mode, AuthorDomain = author, Discovery = discovery, DnsQueries = fetcher.Queries - queriesBefore };
        }

        if (policyStep?.Record is not { } record)
        {
            bool multiple = discovery.Any(s => s.Status == DmarcLookupStatus.Multiple) && mode == DmarcMode.Rfc7489Psl;
            string why = multiple ? "multiple DMARC records (RFC 7489 §6.6.3)" : "no DMARC record";
            return new DmarcResult(DmarcStatus.None, multiple ? DmarcProblem.MultipleRecords : DmarcProblem.NoRecord, why) { Mode = mode, AuthorDomain = author, OrganizationalDomain = authorOrg, Discovery = discovery, DnsQueries = fetcher.Queries - queriesBefore };
        }

        string policyDomain = policyStep.Domain;

        // 2. A record without a valid p (or with an invalid sp/np) is treated as p=none when rua has a valid URI, else not used
        //    (RFC 7489 §6.6.3; RFC 9989 §4.10.1). RFC 9989 §4.7: an absent p means p=none.
        bool unusable = record.IsPolicyInvalid || record.IsSubdomainPolicyInvalid || record.IsNonExistentSubdomainPolicyInvalid
            || (mode == DmarcMode.Rfc7489Psl && record.Policy is null);
        DmarcPolicy p = record.Policy ?? DmarcPolicy.None;
        DmarcPolicy? sp = record.SubdomainPolicy;
        DmarcPolicy? np = record.NonExistentSubdomainPolicy;
        string? policyNote = null;
        if (unusable)
        {
            if (!record.HasValidAggregateReportUri)
            {
                return new DmarcResult(DmarcStatus.PermError, DmarcProblem.InvalidRecord, $"DMARC record at _dmarc.{policyDomain} has no valid policy and no valid rua; no DMARC processing")
                {
                    Mode = mode, AuthorDomain = author, Record = record, PolicyDomain = policyDomain, OrganizationalDomain = authorOrg,
                    Discovery = discovery, DnsQueries = fetcher.Queries - queriesBefore,
                };
            }

            p = DmarcPolicy.None;
            sp = null;
            np = null;
            policyNote = "invalid policy tag with a valid rua: treated as p=none";
        }

        // 3. Alignment.
        var alignment = new AlignmentContext(this, author, authorOrg, fetcher, ct);
        DmarcIdentifierAlignment? spfAlignment = await alignment.CheckAsync(DmarcIdentifierKind.Spf, spf.Result, spf.Domain, null, record.SpfAlignment).ConfigureAwait(false);
        var dkimAlignments = new DmarcIdentifierAlignment[dkim.Count];
        for (int i = 0; i < dkim.Count; i++)
        {
            dkimAlignments[i] = await alignment.CheckAsync(DmarcIdentifierKind.Dkim, dkim[i].Result, dkim[i].Domain, dkim[i].Selector, record.DkimAlignment).ConfigureAwait(false);
        }

        bool pass = spfAlignment.Aligned || dkimAlignments.Any(a => a.Aligned);
        DmarcStatus status = pass ? DmarcStatus.Pass : alignment.TempError is not null ? DmarcStatus.TempError : DmarcStatus.Fail;

        // 4. Applicable policy: p for the policy domain itself; for a subdomain np (non-existent), else sp, else p.
        DmarcPolicySource source = DmarcPolicySource.Domain;
        DmarcPolicy policy = p;
        bool? exists = null;
        if (author != policyDomain)
        {
            if (np is { } npValue && _options.CheckNonExistentSubdomains)
            {
                exists = await DomainExistsAsync(author, ct).ConfigureAwait(false);
                if (exists == false)
                {
                    source = DmarcPolicySource.NonExistentSubdomain;
                    policy = npValue;
                }
            }

            if (source == DmarcPolicySource.Domain && sp is { } spValue)
            {
                source = DmarcPolicySource.Subdomain;
                policy = spValue;
            }
        }

        // 5. Disposition.
        DmarcPolicy disposition = DmarcPolicy.None;
        bool testing = false, sampledOut = false;
        if (status == DmarcStatus.Fail)
        {
            disposition = policy;
            if (mode == DmarcMode.Rfc9989TreeWalk && record.TestingMode && _options.HonorTestingMode && disposition != DmarcPolicy.None)
            {
                disposition--;
                testing = true;
            }
            else if (mode == DmarcMode.Rfc7489Psl && record.Percentage < 100 && disposition != DmarcPolicy.None)
            {
                bool selected = _options.PercentageSampler?.Invoke(record) ?? record.Percentage > 0;
                if (!selected)
                {
                    disposition--;
                    sampledOut = true;
                }
            }
        }

        string reason = status switch
        {
            DmarcStatus.Pass => spfAlignment.Aligned && dkimAlignments.Any(a => a.Aligned) ? "SPF and DKIM aligned" : spfAlignment.Aligned ? "SPF aligned" : "DKIM aligned",
            DmarcStatus.TempError => alignment.TempError!,
            _ => "no aligned SPF or DKIM pass",
        };
        if (policyNote is not null)
        {
            reason += "; " + policyNote;
        }

        DmarcProblem problem = status switch
        {
            DmarcStatus.Pass => DmarcProblem.None,
            DmarcStatus.TempError => DmarcProblem.DnsFailure,
            _ => DmarcProblem.NotAligned,
        };
        return new DmarcResult(status, problem, reason)
        {
            Mode = mode,
            AuthorDomain = author,
            Record = record,
            PolicyDomain = policyDomain,
            OrganizationalDomain = alignment.AuthorOrganizationalDomain ?? authorOrg,
            PolicySource = source,
            Policy = policy,
            Disposition = disposition,
            TestingModeApplied = testing,
            SampledOut = sampledOut,
            AuthorDomainExists = exists,
            Spf = spfAlignment,
            Dkim = dkimAlignments,
            Discovery = discovery,
            DnsQueries = fetcher.Queries - queriesBefore + (exists is null ? 0 : 3),
        };
    }

    // RFC 7489 §6.6.3: the From domain's record; else (none) the Organizational Domain's; several records end discovery.
    private async ValueTask<(DmarcTreeWalkStep? Step, string? Org, string? Error)> DiscoverRfc7489Async(string author, DmarcRecordFetcher fetcher, List<DmarcTreeWalkStep> discovery, CancellationToken ct)
    {
        var first = await fetcher.FetchAsync(author, ct).ConfigureAwait(false);
        discovery.Add(first);
        var orgResult = await OrganizationalDomainAsync(author, ct).ConfigureAwait(false);
        string? org = orgResult.Domain;
        switch (first.Status)
        {
            case DmarcLookupStatus.TempError:
                return (null, org, $"DNS error for _dmarc.{author}: {first.Error}");
            case DmarcLookupStatus.Found:
                return (first, org, null);
            case DmarcLookupStatus.Multiple:
                return (null, org, null);
        }

        if (orgResult.Status == OrganizationalDomainStatus.TempError)
        {
            return (null, null, orgResult.Error);
        }

        if (org is null || org == author)
        {
            return (null, org, null);
        }

        var second = await fetcher.FetchAsync(org, ct).ConfigureAwait(false);
        discovery.Add(second);
        return second.Status switch
        {
            DmarcLookupStatus.TempError => (null, org, $"DNS error for _dmarc.{org}: {second.Error}"),
            DmarcLookupStatus.Found => (second, org, null),
            _ => (null, org, null),
        };
    }

    private ValueTask<OrganizationalDomainResult> OrganizationalDomainAsync(string domain, CancellationToken ct)
        => _options.OrganizationalDomainProvider?.GetOrganizationalDomainAsync(domain, ct) ?? ValueTask.FromResult(_psl.GetOrganizationalDomain(domain));

    // RFC 9091 §2.7 / RFC 9989 §3.2.13: non-existent when A, AAAA and MX all answer NXDOMAIN. Errors count as existing.
    private async ValueTask<bool> DomainExistsAsync(string domain, CancellationToken ct)
    {
        var a = _resolver.QueryAAsync(domain, ct).AsTask();
        var aaaa = _resolver.QueryAaaaAsync(domain, ct).AsTask();
        var mx = _resolver.QueryMxAsync(domain, ct).AsTask();
        await Task.WhenAll(a, aaaa, mx).ConfigureAwait(false);

        // Awaited rather than read with .Result: no blocking call on the async path (NoBlockingWaitTests scans for them).
        return !((await a.ConfigureAwait(false)).Status == DnsStatus.NxDomain
            && (await aaaa.ConfigureAwait(false)).Status == DnsStatus.NxDomain
            && (await mx.ConfigureAwait(false)).Status == DnsStatus.NxDomain);
    }

    /// <summary>Identifier alignment for one Author Domain, with Organizational Domains cached per evaluation.</summary>
    private sealed class AlignmentContext
    {
        private readonly DmarcEvaluator _owner;
        private readonly string _author;
        private readonly DmarcRecordFetcher _fetcher;
        private readonly CancellationToken _ct;
        private readonly Dictionary<string, OrganizationalDomainResult> _orgs = new(StringComparer.Ordinal);
        private bool _authorOrgFromProvider;

        public AlignmentContext(DmarcEvaluator owner, string author, string? authorOrg, DmarcRecordFetcher fetcher, CancellationToken ct)
        {
            _owner = owner;
            _author = author;
            _fetcher = fetcher;
            _ct = ct;
            AuthorOrganizationalDomain = authorOrg;
            _authorOrgFromProvider = owner._options.OrganizationalDomainProvider is null || owner._options.Mode == DmarcMode.Rfc7489Psl;
        }

        public string? AuthorOrganizationalDomain { get; private set; }

        public string? TempError { get; private set; }

        public async ValueTask<DmarcIdentifierAlignment> CheckAsync(DmarcIdentifierKind kind, DmarcAuthResult result, string? domain, string? selector, DmarcAlignmentMode mode)
        {
            if (result != DmarcAuthResult.Pass)
            {
                return new DmarcIdentifierAlignment(kind, domain, result, mode, false, Selector: selector, Note: $"{DmarcWords.ToWord(result)} is not a pass");
            }

            if (!DmarcDomain.TryNormalize(domain, out string id, out string? error))
            {
                return new DmarcIdentifierAlignment(kind, domain, result, mode, false, Selector: selector, Note: error);
            }

            if (id == _author)
            {
                return new DmarcIdentifierAlignment(kind, domain, result, mode, true, Selector: selector);
            }

            if (mode == DmarcAlignmentMode.Strict)
            {
                return new DmarcIdentifierAlignment(kind, domain, result, mode, false, Selector: selector, Note: "strict alignment requires the identical domain");
            }

            // Relaxed: same Organizational Domain. A different OD can only match when the two names share a suffix.
            if (!_authorOrgFromProvider)
            {
                var authorOrg = await GetAsync(_author).ConfigureAwait(false);
                AuthorOrganizationalDomain = authorOrg.Domain;
                _authorOrgFromProvider = true;
            }

            if (AuthorOrganizationalDomain is null)
            {
                return new DmarcIdentifierAlignment(kind, domain, result, mode, false, Selector: selector, Note: "the Author Domain's Organizational Domain is unknown");
            }

            if (!_orgs.ContainsKey(id) && _orgs.Count >= _owner._options.MaxIdentifierDomains)
            {
                return new DmarcIdentifierAlignment(kind, domain, result, mode, false, Selector: selector, Note: $"more than {_owner._options.MaxIdentifierDomains} identifier domains; not checked");
            }

            var org = await GetAsync(id).ConfigureAwait(false);
            if (org.Status == OrganizationalDomainStatus.TempError)
            {
                TempError ??= $"Organizational Domain of {id}: {org.Error}";
                return new DmarcIdentifierAlignment(kind, domain, result, mode, false, Selector: selector, Note: org.Error);
            }

            bool aligned = org.Domain == AuthorOrganizationalDomain;
            return new DmarcIdentifierAlignment(kind, domain, result, mode, aligned, org.Domain, selector,
                aligned ? null : $"Organizational Domain {org.Domain} differs from {AuthorOrganizationalDomain}");
        }

        private async ValueTask<OrganizationalDomainResult> GetAsync(string domain)
        {
            if (_orgs.TryGetValue(domain, out var cached))
            {
                return cached;
            }

            OrganizationalDomainResult result;
            var options = _owner._options;
            if (options.OrganizationalDomainProvider is { } provider)
            {
                result = await provider.GetOrganizationalDomainAsync(domain, _ct).ConfigureAwait(false);
            }
            else if (options.Mode == DmarcMode.Rfc7489Psl)
            {
                result = _owner._psl.GetOrganizationalDomain(domain);
            }
            else
            {
                var walk = await DmarcTreeWalk.RunAsync(domain, _fetcher, options.MaxTreeWalkQueries, _ct).ConfigureAwait(false);
                result = walk.IsTempError
                    ? new OrganizationalDomainResult(OrganizationalDomainStatus.TempError, null, walk.Error, walk.Steps)
                    : new OrganizationalDomainResult(OrganizationalDomainStatus.Found, walk.OrganizationalDomain, null, walk.Steps);
            }

            _orgs[domain] = result;
            return result;
        }
    }
}
