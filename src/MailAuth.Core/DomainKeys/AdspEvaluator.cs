using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.Text;

namespace MailAuth.DomainKeys;

/// <summary>
/// DKIM Author Domain Signing Practices (historic: RFC 5617): for each author domain of a message, whether it carries an
/// Author Domain Signature (a DKIM pass with <c>d=</c> equal to the author domain, §2.7), and otherwise the practice the
/// domain publishes at <c>_adsp._domainkey.&lt;domain&gt;</c>, after checking that the domain exists (§4.3).
/// </summary>
/// <remarks>Immutable and thread-safe; share one instance. DNS failures and bad input are results, never exceptions.</remarks>
public sealed class AdspEvaluator
{
    private readonly IDnsResolver _resolver;
    private readonly AdspOptions _options;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="resolver">The DNS resolver.</param>
    /// <param name="options">Limits and clock; <see langword="null"/> for the defaults. Validated and copied.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public AdspEvaluator(IDnsResolver resolver, AdspOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _options = (options ?? new AdspOptions()).Freeze();
    }

    /// <summary>The options in effect (a validated copy).</summary>
    public AdspOptions Options => _options;

    /// <summary>
    /// Evaluates ADSP for every author domain of <paramref name="message"/> (RFC 5617 §3: "the ADSP lookups SHOULD be
    /// performed independently on each address"), up to <see cref="AdspOptions.MaxAuthorDomains"/>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="dkim">The message's DKIM results (an Author Domain Signature is a pass whose <c>d=</c> is the author domain).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One result per distinct author domain, in From order; one <see cref="AdspStatus.PermError"/> result when there is no usable author address.</returns>
    public async Task<IReadOnlyList<AdspResult>> EvaluateAsync(RawMessage message, IReadOnlyList<DkimResult> dkim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(dkim);
        var authors = GetAuthorAddresses(message, _options.MaxAuthorDomains);
        if (authors.Count == 0)
        {
            return [new AdspResult(AdspStatus.PermError, AdspProblem.NoAuthorAddress, "no From field with a usable address")];
        }

        var tasks = new Task<AdspResult>[authors.Count];
        for (int i = 0; i < tasks.Length; i++)
        {
            var (address, domain) = authors[i];
            tasks[i] = HasAuthorDomainSignature(dkim, domain)
                ? Task.FromResult(new AdspResult(AdspStatus.Pass, AdspProblem.None, null) { AuthorDomain = domain, AuthorAddress = address })
                : LookupAsync(domain, address, cancellationToken);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>
    /// Looks up the practice of <paramref name="authorDomain"/> for a message without an Author Domain Signature: the
    /// result is none, unknown, fail, discard, nxdomain, temperror or permerror (RFC 5617 §5.4).
    /// </summary>
    /// <param name="authorDomain">The author domain.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result.</returns>
    public Task<AdspResult> CheckDomainAsync(string authorDomain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorDomain);
        return LookupAsync(authorDomain, null, cancellationToken);
    }

    // RFC 5617 §2.7: an Author Domain Signature is a Valid Signature whose d= "is the same as the domain name in the Author
    // Address" (case-insensitive); a parent domain does not count.
    private static bool HasAuthorDomainSignature(IReadOnlyList<DkimResult> dkim, string domain)
    {
        foreach (var r in dkim)
        {
            if (r.Status == DkimStatus.Pass && r.Domain is { } d && d.TrimEnd('.').Equals(domain, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<AdspResult> LookupAsync(string domain, string? address, CancellationToken cancellationToken)
    {
        domain = domain.Trim().TrimEnd('.');
        if (!DomainName.IsValid(domain, DomainNameRules.AllowSingleLabel) || !DomainName.IsQueryable(domain))
        {
            return new AdspResult(AdspStatus.PermError, AdspProblem.InvalidAuthorDomain, "the author domain is not a valid domain name") { AuthorAddress = address };
        }

        using var budget = _options.Timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(_options.Timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var result = new AdspResult(AdspStatus.None, AdspProblem.None, null) { AuthorDomain = domain, AuthorAddress = address, DnsQueries = 2 };

        // §4.3: the existence query ("MX is a reasonable choice") MAY run in parallel with the ADSP record query.
        Task<DnsResponse<MxRecord>> exists = _resolver.QueryMxAsync(domain, linked.Token).AsTask();
        Task<DnsResponse<TxtRecord>> record = _resolver.QueryTxtAsync("_adsp._domainkey." + domain, linked.Token).AsTask();
        DnsResponse<MxRecord> mx;
        DnsResponse<TxtRecord> txt;
        try
        {
            await Task.WhenAll(exists, record).ConfigureAwait(false);
            mx = await exists.ConfigureAwait(false);
            txt = await record.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return result with { Status = AdspStatus.TempError, Problem = AdspProblem.DnsFailure, Reason = "ADSP look-up exceeded its time budget" };
        }

        // Check Domain Scope: NXDOMAIN terminates "with an error indicating that the domain is out of scope"; NODATA does not.
        switch (mx.Status)
        {
            case DnsStatus.NxDomain:
                return result with { Status = AdspStatus.NxDomain, Problem = AdspProblem.DomainNotFound, Reason = $"author domain {domain} does not exist" };
            case DnsStatus.NoError:
                break;
            default:
                return result with { Status = AdspStatus.TempError, Problem = AdspProblem.DnsFailure, Reason = $"existence query for {domain} failed: {mx.ErrorMessage ?? mx.Status.ToString()}" };
        }

        // Fetch Named ADSP Record: NXDOMAIN or NODATA = no record; SERVFAIL = no result (temperror).
        switch (txt.Status)
        {
            case DnsStatus.NxDomain:
            case DnsStatus.NoError when txt.Records.Count == 0:
                return result with { Reason = "no ADSP record" };
            case DnsStatus.NoError when txt.Records.Count > 1:
                return result with { Status = AdspStatus.PermError, Problem = AdspProblem.MultipleRecords, Reason = $"{txt.Records.Count} TXT records at the ADSP name: the ADSP result is undefined" };
            case DnsStatus.NoError:
                break;
            default:
                return result with { Status = AdspStatus.TempError, Problem = AdspProblem.DnsFailure, Reason = $"ADSP query for {domain} failed: {txt.ErrorMessage ?? txt.Status.ToString()}" };
        }

        // §4.1: a record that is not a valid ADSP record "MUST be ignored (considered equivalent to a NODATA result)".
        if (!AdspRecord.TryParse(txt.Records[0].Text, out var practice, out string? error))
        {
            return result with { Problem = AdspProblem.RecordIgnored, Reason = "ADSP record ignored: " + error };
        }

        // §5.4: unknown / all → fail / discardable → discard, when there is no valid Author Domain Signature.
        var status = practice switch
        {
            AdspPractice.All => AdspStatus.Fail,
            AdspPractice.Discardable => AdspStatus.Discard,
            _ => AdspStatus.Unknown,
        };
        return result with { Status = status, Practice = practice };
    }

    // The distinct author domains of every From field, in order (RFC 5617 §2.3: the address in the From field).
    private static List<(string Address, string Domain)> GetAuthorAddresses(RawMessage message, int max)
    {
        var authors = new List<(string, string)>();
        foreach (var field in message.GetFields("From"))
        {
            var parser = new AddressListParser(field.GetValueText(), m =>
            {
                if (m.Domain is { } domain && !authors.Exists(a => a.Item2.Equals(domain, StringComparison.OrdinalIgnoreCase)))
                {
                    authors.Add((m.Address, domain));
                }

                return authors.Count < max;
            });
            parser.TryParse(out _);
            if (authors.Count >= max)
            {
                break;
            }
        }

        return authors;
    }
}
