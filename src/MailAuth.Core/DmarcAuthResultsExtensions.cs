using System.Text;
using MailAuth.AuthResults;
using MailAuth.Dmarc;

namespace MailAuth;

/// <summary>Turns a <see cref="DmarcResult"/> into Authentication-Results <c>dmarc</c> method results (RFC 8601 §2.7).</summary>
public static class DmarcAuthResultsExtensions
{
    /// <summary>
    /// The <c>dmarc</c> resinfo, one per From domain (RFC 7489 §11.2, RFC 9989 §9.1), e.g.
    /// <c>dmarc=fail (p=reject sp=none dis=reject) header.from=example.com policy.dmarc=reject</c>: the comment lists the
    /// published policy tags and the disposition (as OpenDMARC writes them); <c>header.from</c> is the Author Domain;
    /// <c>policy.dmarc</c> the disposition applied or to be applied.
    /// </summary>
    /// <param name="result">The DMARC result.</param>
    /// <returns>The method results.</returns>
    public static IReadOnlyList<AuthMethodResult> ToAuthMethodResults(this DmarcResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.AuthorResults.Count > 0
            ? result.AuthorResults.Select(ToMethodResult).ToArray()
            : [ToMethodResult(result)];
    }

    private static AuthMethodResult ToMethodResult(DmarcResult result)
    {
        var properties = new List<AuthResultProperty>(2);
        if (result.AuthorDomain is not null)
        {
            properties.Add(new AuthResultProperty("header", "from", result.AuthorDomain));
        }

        if (result.Record is not null)
        {
            properties.Add(new AuthResultProperty("policy", "dmarc", result.PolicyPropertyValue));
        }

        return new AuthMethodResult("dmarc", result.Keyword, properties, comment: FormatComment(result));
    }

    private static string? FormatComment(DmarcResult result)
    {
        if (result.Record is not { } record)
        {
            return null;
        }

        var sb = new StringBuilder();
        sb.Append("p=").Append(Word(record.Policy ?? DmarcPolicy.None));
        if (record.SubdomainPolicy is { } sp)
        {
            sb.Append(" sp=").Append(Word(sp));
        }

        if (record.NonExistentSubdomainPolicy is { } np)
        {
            sb.Append(" np=").Append(Word(np));
        }

        if (result.Mode == DmarcMode.Rfc7489Psl && record.HasPercentage)
        {
            sb.Append(" pct=").Append(record.Percentage);
        }

        if (result.Mode == DmarcMode.Rfc9989TreeWalk && record.TestingMode)
        {
            sb.Append(" t=y");
        }

        sb.Append(" dis=").Append(Word(result.Disposition));
        return sb.ToString();
    }

    private static string Word(DmarcPolicy policy) => policy.ToString().ToLowerInvariant();
}
