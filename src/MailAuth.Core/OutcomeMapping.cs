using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Spf;

namespace MailAuth;

/// <summary>
/// The one place where engine results are translated: SPF and DKIM results into DMARC's inputs (RFC 7489 §4.2,
/// RFC 9989 §4.4), and the report into Authentication-Results method results (RFC 8601 §2.7) through each
/// protocol's <c>ToAuthMethodResult</c> in <c>MailAuth.AuthResults</c>.
/// </summary>
internal static class OutcomeMapping
{
    /// <summary>The SPF input of DMARC: the MAIL FROM result, or the HELO result for a null reverse-path (RFC 7489 §4.1).</summary>
    public static DmarcSpfInput ToDmarcInput(SpfResult spf) => new(
        ToDmarcResult(spf.Status),
        spf.Domain.Length == 0 ? null : spf.Domain,
        spf.Identity == SpfIdentity.Helo ? DmarcSpfScope.Helo : DmarcSpfScope.MailFrom);

    /// <summary>The DKIM inputs of DMARC, one per signature in message order.</summary>
    public static DmarcDkimInput[] ToDmarcInputs(IReadOnlyList<DkimResult> dkim)
    {
        var inputs = new DmarcDkimInput[dkim.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            DkimResult r = dkim[i];
            inputs[i] = new DmarcDkimInput(ToDmarcResult(r.Status), r.Domain, r.Selector);
        }

        return inputs;
    }

    public static DmarcAuthResult ToDmarcResult(SpfStatus code) => code switch
    {
        SpfStatus.Pass => DmarcAuthResult.Pass,
        SpfStatus.Fail => DmarcAuthResult.Fail,
        SpfStatus.SoftFail => DmarcAuthResult.SoftFail,
        SpfStatus.Neutral => DmarcAuthResult.Neutral,
        SpfStatus.TempError => DmarcAuthResult.TempError,
        SpfStatus.PermError => DmarcAuthResult.PermError,
        _ => DmarcAuthResult.None,
    };

    public static DmarcAuthResult ToDmarcResult(DkimStatus status) => status switch
    {
        DkimStatus.Pass => DmarcAuthResult.Pass,
        DkimStatus.Fail => DmarcAuthResult.Fail,
        DkimStatus.Neutral => DmarcAuthResult.Neutral,
        DkimStatus.Policy => DmarcAuthResult.Policy,
        DkimStatus.TempError => DmarcAuthResult.TempError,
        DkimStatus.PermError => DmarcAuthResult.PermError,
        _ => DmarcAuthResult.None,
    };

    /// <summary>The method results of a report: spf (MAIL FROM), spf (HELO), dkim per signature, domainkeys and dkim-adsp when enabled, sender-id, dmarc, arc.</summary>
    public static List<AuthMethodResult> ToMethodResults(AuthenticationOutcome report)
    {
        var results = new List<AuthMethodResult>(4 + report.Dkim.Count);
        results.Add(report.Spf.ToAuthMethodResult());
        if (report.SpfHelo is { } helo && !ReferenceEquals(helo, report.Spf))
        {
            results.Add(helo.ToAuthMethodResult());
        }

        results.AddRange(report.Dkim.ToAuthMethodResults());
        if (report.DomainKeys is { } domainKeys)
        {
            results.AddRange(domainKeys.ToAuthMethodResults());
        }

        if (report.Adsp is { } adsp)
        {
            results.AddRange(adsp.Select(r => r.ToAuthMethodResult()));
        }

        if (report.SenderId is { } senderId)
        {
            results.Add(senderId.ToAuthMethodResult());
        }

        results.AddRange(report.Dmarc.ToAuthMethodResults());

        // RFC 8617 §6: arc= with header.oldest-pass and smtp.remote-ip (§10.2).
        results.Add(report.Arc.ToAuthMethodResult(report.Context.ClientIp));
        return results;
    }
}
