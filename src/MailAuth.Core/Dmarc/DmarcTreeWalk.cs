namespace MailAuth.Dmarc;

/// <summary>
/// The RFC 9989 §4.10 DNS tree walk and the §4.10.1/§4.10.2 selection of the policy record and the Organizational Domain.
/// </summary>
internal sealed class DmarcTreeWalk
{
    private DmarcTreeWalk(string start, List<DmarcTreeWalkStep> steps, string? error)
    {
        Start = start;
        Steps = steps;
        Error = error;
    }

    public string Start { get; }

    public List<DmarcTreeWalkStep> Steps { get; }

    /// <summary>Set when a query failed transiently; the walk stopped there.</summary>
    public string? Error { get; }

    public bool IsTempError => Error is not null;

    /// <summary>
    /// Walks from <paramref name="start"/> (lower-case ASCII, no trailing dot). RFC 9989 §4.10: query the start; then,
    /// if it has 8 or more labels, jump to its rightmost 7 labels (with the default limit of 8), then drop one label at a time;
    /// stop at a single record with <c>psd=y</c> or <c>psd=n</c>, or after the last label.
    /// </summary>
    public static async ValueTask<DmarcTreeWalk> RunAsync(string start, DmarcRecordFetcher fetcher, int maxQueries, CancellationToken cancellationToken)
    {
        var steps = new List<DmarcTreeWalkStep>(4);
        int labels = CountLabels(start);
        int current = labels;
        while (current >= 1)
        {
            string target = LastLabels(start, current);
            var step = await fetcher.FetchAsync(target, cancellationToken).ConfigureAwait(false);
            steps.Add(step);
            if (step.Status == DmarcLookupStatus.TempError)
            {
                return new DmarcTreeWalk(start, steps, $"DNS error for _dmarc.{target}: {step.Error}");
            }

            if (step.Record is { Psd: not null })
            {
                break;
            }

            // Step 4: after the first query, continue with at most (maxQueries - 1) labels.
            current = current == labels ? Math.Min(labels - 1, maxQueries - 1) : current - 1;
        }

        return new DmarcTreeWalk(start, steps, null);
    }

    /// <summary>RFC 9989 §4.10.2 selection: psd=n → that domain; psd=y (not the start) → one label below it; else the fewest labels; else the start.</summary>
    public string OrganizationalDomain
    {
        get
        {
            DmarcTreeWalkStep? last = null;
            foreach (var step in Steps)
            {
                if (step.Status == DmarcLookupStatus.Found)
                {
                    last = step;
                }
            }

            if (last is null)
            {
                return Start;
            }

            if (last.Record!.Psd == true && last.Domain != Start)
            {
                return LastLabels(Start, CountLabels(last.Domain) + 1);
            }

            return last.Domain;
        }
    }

    /// <summary>
    /// RFC 9989 §4.10.1 policy discovery: the Author Domain's record, else the Organizational Domain's, else the
    /// Public Suffix Domain's (<c>psd=y</c>); <see langword="null"/> when none.
    /// </summary>
    public DmarcTreeWalkStep? PolicyStep
    {
        get
        {
            if (Steps.Count > 0 && Steps[0].Status == DmarcLookupStatus.Found)
            {
                return Steps[0];
            }

            string org = OrganizationalDomain;
            DmarcTreeWalkStep? psd = null;
            foreach (var step in Steps)
            {
                if (step.Status != DmarcLookupStatus.Found)
                {
                    continue;
                }

                if (step.Domain == org)
                {
                    return step;
                }

                if (step.Record!.Psd == true)
                {
                    psd = step;
                }
            }

            return psd;
        }
    }

    internal static int CountLabels(string domain)
    {
        int n = 1;
        foreach (char c in domain)
        {
            if (c == '.')
            {
                n++;
            }
        }

        return n;
    }

    internal static string LastLabels(string domain, int count)
    {
        int index = domain.Length;
        while (count > 0)
        {
            index = domain.LastIndexOf('.', index - 1);
            if (index < 0)
            {
                return domain;
            }

            count--;
            if (count == 0)
            {
                return domain[(index + 1)..];
            }

            if (index == 0)
            {
                return domain;
            }
        }

        return domain;
    }
}
