using MailAuth.Dmarc;

namespace MailAuth.Reports;

/// <summary>
/// Decides whether a message gets DMARC failure reports (RFC 9991 §2) and where they go: the record's <c>fo</c> options
/// (RFC 7489 §6.3, RFC 9989 §4.7) against the DMARC result, each <c>ruf</c> destination verified when external
/// (RFC 9991 §5 through <see cref="DmarcReportAuthorization"/>) and rate-limited per destination. Thread-safe.
/// </summary>
public sealed class DmarcFailureReportDecider
{
    private readonly DmarcReportAuthorization _authorization;
    private readonly DmarcFailureReportRateLimiter _rateLimiter;
    private readonly DmarcFailureReportDeciderOptions _options;

    /// <summary>Creates a decider.</summary>
    /// <param name="authorization">Verifies external destinations.</param>
    /// <param name="rateLimiter">The per-destination limit; share one per process.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public DmarcFailureReportDecider(DmarcReportAuthorization authorization, DmarcFailureReportRateLimiter rateLimiter, DmarcFailureReportDeciderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(rateLimiter);
        options ??= new DmarcFailureReportDeciderOptions();
        options.Validate();
        _authorization = authorization;
        _rateLimiter = rateLimiter;
        _options = options;
    }

    /// <summary>
    /// One decision per evaluated From domain (RFC 7489 §6.6.1: a message may have several). Destinations are verified and
    /// take from the rate limit only when the message met a requested condition.
    /// </summary>
    /// <param name="outcome">The facade's result for the message.</param>
    /// <param name="cancellationToken">Cancels the DNS look-ups.</param>
    /// <returns>The decisions, in From-domain order.</returns>
    public async ValueTask<IReadOnlyList<DmarcFailureReportDecision>> DecideAsync(AuthenticationOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        IReadOnlyList<DmarcResult> results = outcome.Dmarc.AuthorResults.Count > 0 ? outcome.Dmarc.AuthorResults : [outcome.Dmarc];
        var decisions = new List<DmarcFailureReportDecision>(results.Count);
        foreach (DmarcResult dmarc in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            decisions.Add(await DecideAsync(dmarc, cancellationToken).ConfigureAwait(false));
        }

        return decisions;
    }

    /// <summary>The decision for one DMARC result.</summary>
    /// <param name="dmarc">The result for one From domain.</param>
    /// <param name="cancellationToken">Cancels the DNS look-ups.</param>
    /// <returns>The decision.</returns>
    public async ValueTask<DmarcFailureReportDecision> DecideAsync(DmarcResult dmarc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dmarc);
        if (dmarc.Record is not { } record || dmarc.PolicyDomain is not { } policyDomain)
        {
            return new DmarcFailureReportDecision(dmarc, DmarcFailureReportTriggers.None, DmarcFailureReportTriggers.None, [], "no DMARC record");
        }

        DmarcFailureReportTriggers requested = ParseOptions(record.FailureReportingOptions);
        if (record.FailureReportUris.Count == 0)
        {
            return new DmarcFailureReportDecision(dmarc, requested, DmarcFailureReportTriggers.None, [], "the record has no ruf");
        }

        if (record.Psd == true && !_options.AllowPublicSuffixDomainRecords)
        {
            // RFC 9991 §2: report generators MUST NOT consider ruf in records with psd=y.
            return new DmarcFailureReportDecision(dmarc, requested, DmarcFailureReportTriggers.None, [], "ruf of a psd=y record is not honoured");
        }

        DmarcFailureReportTriggers matched = requested & Match(dmarc);
        if (matched == DmarcFailureReportTriggers.None)
        {
            return new DmarcFailureReportDecision(dmarc, requested, matched, [], $"dmarc={dmarc.Keyword}: no requested fo condition met ({FormatOptions(requested)})");
        }

        var destinations = new List<DmarcFailureReportDestination>(record.FailureReportUris.Count);
        foreach (DmarcReportUri uri in record.FailureReportUris)
        {
            cancellationToken.ThrowIfCancellationRequested();
            destinations.Add(await CheckDestinationAsync(policyDomain, uri, destinations.Count, cancellationToken).ConfigureAwait(false));
        }

        int sending = destinations.Count(d => d.MaySend);
        string reason = $"dmarc={dmarc.Keyword}, fo={FormatOptions(requested)} met by {FormatOptions(matched)}: {sending} of {destinations.Count} ruf destination(s) to report to";
        return new DmarcFailureReportDecision(dmarc, requested, matched, destinations, reason);
    }

    /// <summary>
    /// The <c>fo</c> conditions a DMARC result meets (RFC 7489 §6.3, RFC 9989 §4.7), whatever the record asked for. Only a
    /// result with a record and a verdict (<c>pass</c> or <c>fail</c>) meets any: <c>0</c> when neither SPF nor any DKIM
    /// signature produced an aligned pass; <c>1</c> when SPF or DKIM did not; <c>d</c> when a DKIM signature failed to verify
    /// (<c>fail</c> or <c>permerror</c>), aligned or not; <c>s</c> when SPF gave <c>fail</c>, <c>softfail</c> or <c>permerror</c>,
    /// aligned or not.
    /// </summary>
    /// <param name="dmarc">The DMARC result.</param>
    /// <returns>The conditions met.</returns>
    public static DmarcFailureReportTriggers Match(DmarcResult dmarc)
    {
        ArgumentNullException.ThrowIfNull(dmarc);
        if (dmarc.Record is null || dmarc.Status is not (DmarcStatus.Pass or DmarcStatus.Fail))
        {
            return DmarcFailureReportTriggers.None;
        }

        var matched = DmarcFailureReportTriggers.None;
        bool spfAligned = dmarc.SpfAligned;
        bool dkimAligned = dmarc.DkimAligned;
        if (!spfAligned && !dkimAligned)
        {
            matched |= DmarcFailureReportTriggers.AllFailed;
        }

        if (!spfAligned || !dkimAligned)
        {
            matched |= DmarcFailureReportTriggers.AnyFailed;
        }

        if (dmarc.Dkim.Any(d => d.Result is DmarcAuthResult.Fail or DmarcAuthResult.PermError))
        {
            matched |= DmarcFailureReportTriggers.DkimFailed;
        }

        if (dmarc.Spf?.Result is DmarcAuthResult.Fail or DmarcAuthResult.SoftFail or DmarcAuthResult.PermError)
        {
            matched |= DmarcFailureReportTriggers.SpfFailed;
        }

        return matched;
    }

    /// <summary>Parses an <c>fo</c> value: a colon-separated list of <c>0</c>, <c>1</c>, <c>d</c>, <c>s</c>; unknown values are ignored, an empty list means <c>0</c>.</summary>
    /// <param name="value">The tag value.</param>
    /// <returns>The options.</returns>
    public static DmarcFailureReportTriggers ParseOptions(string? value)
    {
        var options = DmarcFailureReportTriggers.None;
        foreach (string part in (value ?? string.Empty).Split(':', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            options |= part.ToLowerInvariant() switch
            {
                "0" => DmarcFailureReportTriggers.AllFailed,
                "1" => DmarcFailureReportTriggers.AnyFailed,
                "d" => DmarcFailureReportTriggers.DkimFailed,
                "s" => DmarcFailureReportTriggers.SpfFailed,
                _ => DmarcFailureReportTriggers.None,
            };
        }

        return options == DmarcFailureReportTriggers.None ? DmarcFailureReportTriggers.AllFailed : options;
    }

    /// <summary>Writes options as an <c>fo</c> value, e.g. <c>1:d</c>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The colon-separated list, or <c>none</c>.</returns>
    public static string FormatOptions(DmarcFailureReportTriggers options)
    {
        var parts = new List<string>(4);
        if ((options & DmarcFailureReportTriggers.AllFailed) != 0)
        {
            parts.Add("0");
        }

        if ((options & DmarcFailureReportTriggers.AnyFailed) != 0)
        {
            parts.Add("1");
        }

        if ((options & DmarcFailureReportTriggers.DkimFailed) != 0)
        {
            parts.Add("d");
        }

        if ((options & DmarcFailureReportTriggers.SpfFailed) != 0)
        {
            parts.Add("s");
        }

        return parts.Count == 0 ? "none" : string.Join(':', parts);
    }

    /// <summary>The single address of a <c>mailto:</c> URI (RFC 6068), or <see langword="null"/> for other schemes, several addresses or an unusable one.</summary>
    /// <param name="uri">The URI.</param>
    /// <returns>The address.</returns>
    public static string? MailtoAddress(DmarcReportUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!string.Equals(uri.Uri.Scheme, "mailto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string original = uri.Uri.OriginalString;
        string path = original[(original.IndexOf(':', StringComparison.Ordinal) + 1)..];
        int query = path.IndexOf('?', StringComparison.Ordinal);
        string address = Uri.UnescapeDataString(query >= 0 ? path[..query] : path);
        int at = address.LastIndexOf('@');

        // One addr-spec, printable ASCII without separators: the address goes into an SMTP envelope and a To field.
        if (at <= 0 || at == address.Length - 1 || address.Any(c => c <= ' ' || c >= 0x7F || c is ',' or '<' or '>' or ';' or '(' or ')' or '\\' or '"'))
        {
            return null;
        }

        return address;
    }

    private async ValueTask<DmarcFailureReportDestination> CheckDestinationAsync(string policyDomain, DmarcReportUri uri, int index, CancellationToken cancellationToken)
    {
        if (index >= _options.MaxDestinations)
        {
            return new DmarcFailureReportDestination(uri, null, DmarcFailureReportDestinationStatus.TooMany);
        }

        if (MailtoAddress(uri) is not { } address)
        {
            return new DmarcFailureReportDestination(uri, null, DmarcFailureReportDestinationStatus.Unsupported);
        }

        // RFC 9991 §5: external destinations are verified as RFC 9990 §4 describes, with ruf for rua.
        DmarcReportAuthorizationResult authorization = await _authorization.VerifyAsync(policyDomain, uri, cancellationToken).ConfigureAwait(false);
        DmarcFailureReportDestinationStatus status = authorization.Status switch
        {
            DmarcReportAuthorizationStatus.SameOrganization or DmarcReportAuthorizationStatus.Authorized =>
                _rateLimiter.TryAcquire(address) ? DmarcFailureReportDestinationStatus.Send : DmarcFailureReportDestinationStatus.RateLimited,
            DmarcReportAuthorizationStatus.TempError => DmarcFailureReportDestinationStatus.TempError,
            _ => DmarcFailureReportDestinationStatus.NotAuthorized,
        };
        return new DmarcFailureReportDestination(uri, address, status, authorization);
    }
}
