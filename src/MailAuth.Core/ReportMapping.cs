using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Dmarc;
using MailAuth.Spf;

namespace MailAuth;

/// <summary>
/// The one place where engine results are translated: SPF and DKIM results into DMARC's inputs (RFC 7489 §4.2,
/// RFC 9989 §4.4), and every result into Authentication-Results method results (RFC 8601 §2.7).
/// </summary>
internal static class ReportMapping
{
    private const string Spf = "spf";
    private const string Dkim = "dkim";
    private const string Smtp = "smtp";
    private const string Header = "header";

    /// <summary>The SPF input of DMARC: the MAIL FROM result, or the HELO result for a null reverse-path (RFC 7489 §4.1).</summary>
    public static DmarcSpfInput ToDmarcInput(SpfResult spf) => new(
        ToDmarcResult(spf.Result),
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

    public static DmarcAuthResult ToDmarcResult(SpfResultCode code) => code switch
    {
        SpfResultCode.Pass => DmarcAuthResult.Pass,
        SpfResultCode.Fail => DmarcAuthResult.Fail,
        SpfResultCode.SoftFail => DmarcAuthResult.SoftFail,
        SpfResultCode.Neutral => DmarcAuthResult.Neutral,
        SpfResultCode.TempError => DmarcAuthResult.TempError,
        SpfResultCode.PermError => DmarcAuthResult.PermError,
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

    /// <summary>The method results of a report: spf (MAIL FROM), spf (HELO), dkim per signature, sender-id, dmarc.</summary>
    public static List<AuthMethodResult> ToMethodResults(AuthenticationReport report)
    {
        var results = new List<AuthMethodResult>(4 + report.Dkim.Count);
        results.Add(FromSpf(report.Spf));
        if (report.SpfHelo is { } helo && !ReferenceEquals(helo, report.Spf))
        {
            results.Add(FromSpf(helo));
        }

        if (report.Dkim.Count == 0)
        {
            results.Add(new AuthMethodResult(Dkim, "none", reason: report.ReadError is null ? "message not signed" : null));
        }

        foreach (DkimResult dkim in report.Dkim)
        {
            results.Add(FromDkim(dkim));
        }

        if (report.SenderId is { } senderId)
        {
            results.Add(FromSenderId(senderId));
        }

        results.AddRange(FromDmarc(report.Dmarc));
        return results;
    }

    // RFC 8601 §2.7.2: smtp.mailfrom for the MAIL FROM check (postmaster@HELO for the null reverse-path, RFC 7208 §9.1),
    // smtp.helo for the HELO check.
    private static AuthMethodResult FromSpf(SpfResult spf)
    {
        var properties = new List<AuthResultProperty>(2);
        if (spf.Identity != SpfIdentity.Helo)
        {
            AddProperty(properties, Smtp, "mailfrom", spf.Sender);
        }
        else
        {
            AddProperty(properties, Smtp, "helo", spf.Helo ?? spf.Domain);
        }

        return new AuthMethodResult(Spf, spf.Keyword, properties, reason: spf.Result == SpfResultCode.Pass ? null : Clean(spf.Reason));
    }

    // RFC 8601 §2.7.1 and RFC 6008 §4: header.d, header.i, header.s, header.a, header.b.
    private static AuthMethodResult FromDkim(DkimResult dkim)
    {
        var properties = new List<AuthResultProperty>(5);
        AddProperty(properties, Header, "d", dkim.Domain);
        AddProperty(properties, Header, "i", dkim.Identity);
        AddProperty(properties, Header, "s", dkim.Selector);
        AddProperty(properties, Header, "a", dkim.AlgorithmName);
        AddProperty(properties, Header, "b", dkim.SignaturePrefix);
        string? comment = dkim.KeyBits > 0 ? dkim.KeyBits.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-bit key" : null;
        return new AuthMethodResult(Dkim, dkim.ResultWord, properties, reason: dkim.Status == DkimStatus.Pass ? null : Clean(dkim.Reason), comment: comment);
    }

    // RFC 8601 §2.7.3 (Sender ID): header.<field>=PRA.
    private static AuthMethodResult FromSenderId(SpfResult result)
    {
        var properties = new List<AuthResultProperty>(1);
        AddProperty(properties, Header, (result.PraFieldName ?? "from").ToLowerInvariant(), result.Sender);
        return new AuthMethodResult("sender-id", result.Keyword, properties, reason: result.Result == SpfResultCode.Pass ? null : Clean(result.Reason));
    }

    // The DMARC engine builds its resinfo (comment, header.from, policy.dmarc) as model objects, one per From domain.
    private static List<AuthMethodResult> FromDmarc(DmarcResult dmarc) => [.. dmarc.ToAuthMethodResults()];

    private static void AddProperty(List<AuthResultProperty> properties, string type, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value) && Clean(value) is { Length: > 0 } clean)
        {
            properties.Add(new AuthResultProperty(type, name, clean));
        }
    }

    // Values come from hostile mail and DNS: drop control characters the header syntax cannot carry.
    private static string? Clean(string? text)
    {
        if (text is null || !text.AsSpan().ContainsAnyInRange('\0', '\x1f') && !text.Contains('\x7f', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(c < ' ' || c == '\x7f' ? ' ' : c);
        }

        return sb.ToString();
    }
}
