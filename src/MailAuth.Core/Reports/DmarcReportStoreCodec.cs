using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using MailAuth.Dmarc;

namespace MailAuth.Reports;

/// <summary>
/// The canonical text of a report row's aggregation key and of a published policy, for stores that keep them in a
/// database column. Each value is written as <c>length:text</c>, a missing one as <c>~</c>, so any text round-trips and
/// equal keys are equal strings. Decoding never throws: a damaged value gives <see langword="false"/>.
/// </summary>
public static class DmarcReportStoreCodec
{
    /// <summary>The aggregation key of a row: every field but <see cref="DmarcReportRecord.Count"/>.</summary>
    /// <param name="record">The row.</param>
    /// <returns>The key text.</returns>
    public static string EncodeRecordKey(DmarcReportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var b = new StringBuilder(128);
        Put(b, record.SourceIp);
        Put(b, DmarcReportWords.ToWord(record.Disposition, DmarcReportFormat.Rfc9990));
        Put(b, record.DkimAligned ? "1" : "0");
        Put(b, record.SpfAligned ? "1" : "0");
        Put(b, record.HeaderFrom);
        Put(b, record.EnvelopeFrom);
        Put(b, record.EnvelopeTo);
        PutCount(b, record.Reasons.Count);
        foreach (DmarcPolicyOverride reason in record.Reasons)
        {
            Put(b, DmarcReportWords.ToWord(reason.Type));
            Put(b, reason.Comment);
        }

        PutCount(b, record.DkimResults.Count);
        foreach (DmarcReportDkimResult dkim in record.DkimResults)
        {
            Put(b, dkim.Domain);
            Put(b, dkim.Selector);
            Put(b, dkim.Result);
            Put(b, dkim.HumanResult);
        }

        PutCount(b, record.SpfResults.Count);
        foreach (DmarcReportSpfResult spf in record.SpfResults)
        {
            Put(b, spf.Domain);
            Put(b, spf.Scope);
            Put(b, spf.Result);
            Put(b, spf.HumanResult);
        }

        return b.ToString();
    }

    /// <summary>Decodes a row key written by <see cref="EncodeRecordKey"/>.</summary>
    /// <param name="key">The key text.</param>
    /// <param name="count">The row's count.</param>
    /// <param name="record">The row, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the key was well formed.</returns>
    public static bool TryDecodeRecordKey(string key, long count, [NotNullWhen(true)] out DmarcReportRecord? record)
    {
        ArgumentNullException.ThrowIfNull(key);
        record = null;
        var r = new TokenReader(key);
        if (!r.Next(out string? ip) || ip is null || !r.Next(out string? disposition) || disposition is null
            || !DmarcReportWords.TryParseDisposition(disposition, out DmarcReportDisposition d)
            || !r.Next(out string? dkimAligned) || !r.Next(out string? spfAligned)
            || !r.Next(out string? headerFrom) || headerFrom is null || !r.Next(out string? envelopeFrom) || !r.Next(out string? envelopeTo)
            || !r.Count(out int reasonCount))
        {
            return false;
        }

        var reasons = new DmarcPolicyOverride[reasonCount];
        for (int i = 0; i < reasonCount; i++)
        {
            if (!r.Next(out string? type) || type is null || !DmarcReportWords.TryParseOverride(type, out DmarcOverrideReason reason) || !r.Next(out string? comment))
            {
                return false;
            }

            reasons[i] = new DmarcPolicyOverride(reason, comment);
        }

        if (!r.Count(out int dkimCount))
        {
            return false;
        }

        var dkim = new DmarcReportDkimResult[dkimCount];
        for (int i = 0; i < dkimCount; i++)
        {
            if (!r.Next(out string? domain) || domain is null || !r.Next(out string? selector) || !r.Next(out string? result) || result is null || !r.Next(out string? human))
            {
                return false;
            }

            dkim[i] = new DmarcReportDkimResult(domain, selector, result, human);
        }

        if (!r.Count(out int spfCount))
        {
            return false;
        }

        var spf = new DmarcReportSpfResult[spfCount];
        for (int i = 0; i < spfCount; i++)
        {
            if (!r.Next(out string? domain) || domain is null || !r.Next(out string? scope) || !r.Next(out string? result) || result is null || !r.Next(out string? human))
            {
                return false;
            }

            spf[i] = new DmarcReportSpfResult(domain, scope, result, human);
        }

        if (!r.AtEnd)
        {
            return false;
        }

        record = new DmarcReportRecord
        {
            SourceIp = ip,
            Count = count,
            Disposition = d,
            DkimAligned = dkimAligned == "1",
            SpfAligned = spfAligned == "1",
            HeaderFrom = headerFrom,
            EnvelopeFrom = envelopeFrom,
            EnvelopeTo = envelopeTo,
            Reasons = reasons,
            DkimResults = dkim,
            SpfResults = spf,
        };
        return true;
    }

    /// <summary>The text of a published policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The text.</returns>
    public static string EncodePolicy(DmarcPublishedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var b = new StringBuilder(64);
        Put(b, policy.Domain);
        Put(b, DmarcWords.ToWord(policy.Policy));
        Put(b, policy.SubdomainPolicy is { } sp ? DmarcWords.ToWord(sp) : null);
        Put(b, policy.NonExistentSubdomainPolicy is { } np ? DmarcWords.ToWord(np) : null);
        Put(b, policy.DkimAlignment is { } adkim ? DmarcReportWords.ToWord(adkim) : null);
        Put(b, policy.SpfAlignment is { } aspf ? DmarcReportWords.ToWord(aspf) : null);
        Put(b, policy.Percentage?.ToString(CultureInfo.InvariantCulture));
        Put(b, policy.FailureReportingOptions);
        Put(b, policy.Testing is { } t ? (t ? "y" : "n") : null);
        Put(b, policy.DiscoveryMethod is { } m ? DmarcReportWords.ToWord(m) : null);
        return b.ToString();
    }

    /// <summary>Decodes a policy written by <see cref="EncodePolicy"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="policy">The policy, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the text was well formed.</returns>
    public static bool TryDecodePolicy(string text, [NotNullWhen(true)] out DmarcPublishedPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(text);
        policy = null;
        var r = new TokenReader(text);
        if (!r.Next(out string? domain) || domain is null || !r.Next(out string? p) || p is null || !DmarcReportWords.TryParsePolicy(p, out DmarcPolicy pValue)
            || !r.Next(out string? sp) || !r.Next(out string? np) || !r.Next(out string? adkim) || !r.Next(out string? aspf)
            || !r.Next(out string? pct) || !r.Next(out string? fo) || !r.Next(out string? testing) || !r.Next(out string? discovery) || !r.AtEnd)
        {
            return false;
        }

        DmarcPolicy? spValue = null, npValue = null;
        if ((sp is not null && !TryPolicy(sp, out spValue)) || (np is not null && !TryPolicy(np, out npValue)))
        {
            return false;
        }

        int? pctValue = null;
        if (pct is not null)
        {
            if (!int.TryParse(pct, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed))
            {
                return false;
            }

            pctValue = parsed;
        }

        policy = new DmarcPublishedPolicy
        {
            Domain = domain,
            Policy = pValue,
            SubdomainPolicy = spValue,
            NonExistentSubdomainPolicy = npValue,
            DkimAlignment = adkim is null ? null : adkim == "s" ? DmarcAlignmentMode.Strict : DmarcAlignmentMode.Relaxed,
            SpfAlignment = aspf is null ? null : aspf == "s" ? DmarcAlignmentMode.Strict : DmarcAlignmentMode.Relaxed,
            Percentage = pctValue,
            FailureReportingOptions = fo,
            Testing = testing is null ? null : testing == "y",
            DiscoveryMethod = discovery is null ? null : discovery == "psl" ? DmarcDiscoveryMethod.Psl : DmarcDiscoveryMethod.TreeWalk,
        };
        return true;
    }

    private static bool TryPolicy(string word, out DmarcPolicy? value)
    {
        bool ok = DmarcReportWords.TryParsePolicy(word, out DmarcPolicy parsed);
        value = parsed;
        return ok;
    }

    private static void Put(StringBuilder b, string? value)
    {
        if (value is null)
        {
            b.Append('~');
            return;
        }

        b.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
    }

    private static void PutCount(StringBuilder b, int count) => Put(b, count.ToString(CultureInfo.InvariantCulture));

    private struct TokenReader(string text)
    {
        private int _position;

        public readonly bool AtEnd => _position == text.Length;

        public bool Next(out string? value)
        {
            value = null;
            if (_position >= text.Length)
            {
                return false;
            }

            if (text[_position] == '~')
            {
                _position++;
                return true;
            }

            int colon = text.IndexOf(':', _position);
            if (colon < 0 || colon - _position > 9
                || !int.TryParse(text.AsSpan(_position, colon - _position), NumberStyles.None, CultureInfo.InvariantCulture, out int length)
                || length > text.Length - colon - 1)
            {
                return false;
            }

            value = text.Substring(colon + 1, length);
            _position = colon + 1 + length;
            return true;
        }

        // A list length can be no larger than the text left, so a damaged key cannot make the decoder allocate much.
        public bool Count(out int count)
        {
            count = 0;
            return Next(out string? value) && value is not null
                && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count <= text.Length - _position;
        }
    }
}
