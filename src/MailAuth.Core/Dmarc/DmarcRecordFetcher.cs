using MailAuth.Dns;

namespace MailAuth.Dmarc;

/// <summary>
/// Queries <c>_dmarc.&lt;domain&gt;</c> TXT records and keeps the answers for the lifetime of one evaluation, so the
/// policy walk and the alignment walks (RFC 9989 §4.10.2) never ask the same name twice. Not thread-safe: one per evaluation.
/// </summary>
internal sealed class DmarcRecordFetcher
{
    private readonly IDnsResolver _resolver;
    private readonly Dictionary<string, DmarcTreeWalkStep> _cache = new(StringComparer.Ordinal);

    public DmarcRecordFetcher(IDnsResolver resolver) => _resolver = resolver;

    /// <summary>The number of DNS queries made.</summary>
    public int Queries { get; private set; }

    public async ValueTask<DmarcTreeWalkStep> FetchAsync(string domain, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(domain, out var cached))
        {
            return cached;
        }

        Queries++;
        var response = await _resolver.QueryTxtAsync("_dmarc." + domain, cancellationToken).ConfigureAwait(false);
        var step = Classify(domain, response);
        _cache[domain] = step;
        return step;
    }

    // RFC 9989 §4.10 step 2: records not starting with v=DMARC1 are discarded; several DMARC records are all discarded.
    internal static DmarcTreeWalkStep Classify(string domain, DnsResponse<TxtRecord> response)
    {
        if (response.Status is not (DnsStatus.NoError or DnsStatus.NxDomain))
        {
            return new DmarcTreeWalkStep(domain, DmarcLookupStatus.TempError, null, response.ErrorMessage ?? response.Status.ToString());
        }

        DmarcRecord? found = null;
        int count = 0;
        foreach (var txt in response.Records)
        {
            if (DmarcRecord.TryParse(txt.Text, out var record, out _))
            {
                found = record;
                count++;
            }
        }

        return count switch
        {
            0 => new DmarcTreeWalkStep(domain, DmarcLookupStatus.NotFound, null),
            1 => new DmarcTreeWalkStep(domain, DmarcLookupStatus.Found, found),
            _ => new DmarcTreeWalkStep(domain, DmarcLookupStatus.Multiple, null, $"{count} DMARC records"),
        };
    }
}
