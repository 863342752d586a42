using MailAuth.Dmarc;

namespace MailAuth.Reports;

/// <summary>The words of the aggregate report schemas (RFC 9990 §3, RFC 7489 Appendix C) and their enums, in one place.</summary>
internal static class DmarcReportWords
{
    /// <summary>RFC 9990 XML namespace.</summary>
    public const string Rfc9990Namespace = "urn:ietf:params:xml:ns:dmarc-2.0";

    /// <summary>RFC 7489 Appendix C XML namespace (the schema's; reporters rarely write it).</summary>
    public const string Rfc7489Namespace = "http://dmarc.org/dmarc-xml/0.1";

    public static string ToWord(DmarcReportDisposition value, DmarcReportFormat format) => value switch
    {
        // RFC 7489's DispositionType has no "pass": that row took no action.
        DmarcReportDisposition.Pass => format == DmarcReportFormat.Rfc9990 ? "pass" : "none",
        DmarcReportDisposition.Quarantine => "quarantine",
        DmarcReportDisposition.Reject => "reject",
        _ => "none",
    };

    public static bool TryParseDisposition(string word, out DmarcReportDisposition value)
    {
        switch (word.ToLowerInvariant())
        {
            case "none": value = DmarcReportDisposition.None; return true;
            case "pass": value = DmarcReportDisposition.Pass; return true;
            case "quarantine": value = DmarcReportDisposition.Quarantine; return true;
            case "reject": value = DmarcReportDisposition.Reject; return true;
            default: value = DmarcReportDisposition.None; return false;
        }
    }

    public static bool TryParsePolicy(string word, out DmarcPolicy value)
    {
        switch (word.ToLowerInvariant())
        {
            case "none": value = DmarcPolicy.None; return true;
            case "quarantine": value = DmarcPolicy.Quarantine; return true;
            case "reject": value = DmarcPolicy.Reject; return true;
            default: value = DmarcPolicy.None; return false;
        }
    }

    public static string ToWord(DmarcOverrideReason value) => value switch
    {
        DmarcOverrideReason.LocalPolicy => "local_policy",
        DmarcOverrideReason.MailingList => "mailing_list",
        DmarcOverrideReason.TrustedForwarder => "trusted_forwarder",
        DmarcOverrideReason.PolicyTestMode => "policy_test_mode",
        DmarcOverrideReason.Forwarded => "forwarded",
        DmarcOverrideReason.SampledOut => "sampled_out",
        _ => "other",
    };

    public static bool TryParseOverride(string word, out DmarcOverrideReason value)
    {
        switch (word.ToLowerInvariant())
        {
            case "other": value = DmarcOverrideReason.Other; return true;
            case "local_policy": value = DmarcOverrideReason.LocalPolicy; return true;
            case "mailing_list": value = DmarcOverrideReason.MailingList; return true;
            case "trusted_forwarder": value = DmarcOverrideReason.TrustedForwarder; return true;
            case "policy_test_mode": value = DmarcOverrideReason.PolicyTestMode; return true;
            case "forwarded": value = DmarcOverrideReason.Forwarded; return true;
            case "sampled_out": value = DmarcOverrideReason.SampledOut; return true;
            default: value = DmarcOverrideReason.Other; return false;
        }
    }

    /// <summary>Whether <paramref name="value"/> exists in the format's <c>PolicyOverrideType</c>.</summary>
    public static bool IsDefined(DmarcOverrideReason value, DmarcReportFormat format) => format == DmarcReportFormat.Rfc9990
        ? value is not (DmarcOverrideReason.Forwarded or DmarcOverrideReason.SampledOut)
        : value is not DmarcOverrideReason.PolicyTestMode;

    public static string ToWord(DmarcAlignmentMode mode) => mode == DmarcAlignmentMode.Strict ? "s" : "r";

    public static string ToWord(DmarcDiscoveryMethod method) => method == DmarcDiscoveryMethod.Psl ? "psl" : "treewalk";
}
