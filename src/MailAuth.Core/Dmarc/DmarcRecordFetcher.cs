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

        if (!DmarcDomain.CanHoldDmarcRecord(domain))
        {
            // RFC 1035 §2.3.4: "_dmarc." + a name of 247–253 characters is longer than any DNS name, so no record can
            // exist there. Treat it as "no record at this level" so the tree walk (RFC 9989 §4.10) or the PSL
            // fallback (RFC 7489 §6.6.3) goes on to shorter names; a temperror here would let the sender pick "none".
            var absent = new DmarcTreeWalkStep(domain, DmarcLookupStatus.NotFound, null, $"_dmarc.{domain} is longer than 253 characters: not queried");
            _cache[domain] = absent;
            return absent;
        }

        Queries++;
        var response = await _resolver.QueryTxtAsync(DmarcDomain.DmarcPrefix + domain, cancellationToken).ConfigureAwait(false);
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
