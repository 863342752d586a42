using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml;

namespace MailAuth.Reports;

/// <summary>
/// Writes <see cref="DmarcAggregateReport"/> as aggregate report XML in the report's <see cref="DmarcAggregateReport.Format"/>:
/// RFC 9990 §3 (namespace <c>urn:ietf:params:xml:ns:dmarc-2.0</c>) or RFC 7489 Appendix C. Elements are written in the order
/// the schemas' sequences require; values a format cannot express are mapped to the nearest word it has (see remarks).
/// </summary>
/// <remarks>
/// Text that is not allowed in XML (control characters, lone surrogates) is replaced by U+FFFD, so no input makes the writer
/// throw. RFC 7489 requires <c>sp</c>, <c>pct</c>, <c>fo</c>, <c>envelope_from</c>, an SPF scope and at least one SPF
/// result; missing values get their record defaults (<c>sp</c> = <c>p</c>, <c>pct=100</c>, <c>fo=0</c>) or an empty
/// domain with <c>none</c>. RFC 9990 allows one <c>error</c> (several are joined with "; ") and one SPF result.
/// </remarks>
public static class DmarcReportWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        CheckCharacters = true,
        CloseOutput = false,
    };

    /// <summary>Writes the report as UTF-8 XML to <paramref name="output"/>.</summary>
    /// <param name="report">The report.</param>
    /// <param name="output">The stream; left open.</param>
    public static void Write(DmarcAggregateReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using XmlWriter writer = XmlWriter.Create(output, Settings);
        WriteDocument(writer, report);
    }

    /// <summary>The report as UTF-8 XML bytes.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The document, without a byte-order mark.</returns>
    public static byte[] ToUtf8Bytes(DmarcAggregateReport report)
    {
        using var buffer = new MemoryStream();
        Write(report, buffer);
        return buffer.ToArray();
    }

    private static void WriteDocument(XmlWriter w, DmarcAggregateReport report)
    {
        DmarcReportFormat format = report.Format;
        bool bis = format == DmarcReportFormat.Rfc9990;
        w.WriteStartDocument();
        if (bis)
        {
            w.WriteStartElement("feedback", DmarcReportWords.Rfc9990Namespace);
        }
        else
        {
            // RFC 7489 reports are sent without a namespace in practice; receivers (Mail::DMARC, parsedmarc) expect that.
            w.WriteStartElement("feedback");
        }

        Element(w, "version", "1.0");
        WriteMetadata(w, report.Metadata, bis);
        WritePolicy(w, report.PolicyPublished, bis);

        // RFC 9990 §5: file-level extensions go in <extension> after policy_published. The RFC 7489 schema has no place for them.
        if (bis && report.Extensions.Count > 0)
        {
            w.WriteStartElement("extension");
            foreach (DmarcReportExtension extension in report.Extensions)
            {
                extension.WriteTo(w);
            }

            w.WriteEndElement();
        }
        foreach (DmarcReportRecord record in report.Records)
        {
            WriteRecord(w, record, format);
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void WriteMetadata(XmlWriter w, DmarcReportMetadata m, bool bis)
    {
        w.WriteStartElement("report_metadata");
        Element(w, "org_name", m.OrgName);
        Element(w, "email", m.Email);
        OptionalElement(w, "extra_contact_info", m.ExtraContactInfo);
        Element(w, "report_id", m.ReportId);
        w.WriteStartElement("date_range");
        Element(w, "begin", m.Begin.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Element(w, "end", m.End.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();
        if (bis)
        {
            // RFC 9990 ReportMetadataType: at most one error element.
            if (m.Errors.Count > 0)
            {
                Element(w, "error", string.Join("; ", m.Errors));
            }

            OptionalElement(w, "generator", m.Generator);
        }
        else
        {
            foreach (string error in m.Errors)
            {
                Element(w, "error", error);
            }
        }

        w.WriteEndElement();
    }

    private static void WritePolicy(XmlWriter w, DmarcPublishedPolicy p, bool bis)
    {
        w.WriteStartElement("policy_published");
        Element(w, "domain", p.Domain);
        if (bis)
        {
            Element(w, "p", Dmarc.DmarcWords.ToWord(p.Policy));
            if (p.SubdomainPolicy is { } sp)
            {
                Element(w, "sp", Dmarc.DmarcWords.ToWord(sp));
            }

            if (p.NonExistentSubdomainPolicy is { } np)
            {
                Element(w, "np", Dmarc.DmarcWords.ToWord(np));
            }

            WriteAlignment(w, p);
            if (p.DiscoveryMethod is { } method)
            {
                Element(w, "discovery_method", DmarcReportWords.ToWord(method));
            }

            OptionalElement(w, "fo", p.FailureReportingOptions);
            if (p.Testing is { } testing)
            {
                Element(w, "testing", testing ? "y" : "n");
            }
        }
        else
        {
            WriteAlignment(w, p);
            Element(w, "p", Dmarc.DmarcWords.ToWord(p.Policy));

            // RFC 7489 §6.3: sp defaults to p, pct to 100, fo to 0; the Appendix C schema requires all three.
            Element(w, "sp", Dmarc.DmarcWords.ToWord(p.SubdomainPolicy ?? p.Policy));
            Element(w, "pct", (p.Percentage ?? 100).ToString(CultureInfo.InvariantCulture));
            Element(w, "fo", p.FailureReportingOptions ?? "0");
        }

        w.WriteEndElement();
    }

    private static void WriteAlignment(XmlWriter w, DmarcPublishedPolicy p)
    {
        if (p.DkimAlignment is { } adkim)
        {
            Element(w, "adkim", DmarcReportWords.ToWord(adkim));
        }

        if (p.SpfAlignment is { } aspf)
        {
            Element(w, "aspf", DmarcReportWords.ToWord(aspf));
        }
    }

    private static void WriteRecord(XmlWriter w, DmarcReportRecord r, DmarcReportFormat format)
    {
        bool bis = format == DmarcReportFormat.Rfc9990;
        w.WriteStartElement("record");
        w.WriteStartElement("row");
        Element(w, "source_ip", bis ? r.SourceIp : FullIpv6(r.SourceIp));
        Element(w, "count", Math.Max(0, r.Count).ToString(CultureInfo.InvariantCulture));
        w.WriteStartElement("policy_evaluated");
        Element(w, "disposition", DmarcReportWords.ToWord(r.Disposition, format));
        Element(w, "dkim", r.DkimAligned ? "pass" : "fail");
        Element(w, "spf", r.SpfAligned ? "pass" : "fail");
        foreach (DmarcPolicyOverride reason in r.Reasons)
        {
            w.WriteStartElement("reason");
            if (DmarcReportWords.IsDefined(reason.Type, format))
            {
                Element(w, "type", DmarcReportWords.ToWord(reason.Type));
                OptionalElement(w, "comment", reason.Comment);
            }
            else
            {
                // RFC 9990 dropped forwarded/sampled_out, RFC 7489 lacks policy_test_mode: say it as "other" with the word.
                Element(w, "type", "other");
                string word = DmarcReportWords.ToWord(reason.Type);
                Element(w, "comment", reason.Comment is null ? word : word + ": " + reason.Comment);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("identifiers");
        if (bis)
        {
            Element(w, "header_from", r.HeaderFrom);
            OptionalElement(w, "envelope_from", r.EnvelopeFrom);
            OptionalElement(w, "envelope_to", r.EnvelopeTo);
        }
        else
        {
            OptionalElement(w, "envelope_to", r.EnvelopeTo);
            Element(w, "envelope_from", r.EnvelopeFrom ?? string.Empty);
            Element(w, "header_from", r.HeaderFrom);
        }

        w.WriteEndElement();

        w.WriteStartElement("auth_results");
        foreach (DmarcReportDkimResult dkim in r.DkimResults)
        {
            w.WriteStartElement("dkim");
            Element(w, "domain", dkim.Domain);
            if (bis || dkim.Selector is not null)
            {
                Element(w, "selector", dkim.Selector ?? string.Empty);
            }

            Element(w, "result", NormalizeResult(dkim.Result, spf: false, format));
            OptionalElement(w, "human_result", dkim.HumanResult);
            w.WriteEndElement();
        }

        if (r.SpfResults.Count == 0 && !bis)
        {
            // RFC 7489 Appendix C: "There will always be at least one SPF result."
            WriteSpf(w, new DmarcReportSpfResult(r.EnvelopeFrom ?? string.Empty, "mfrom", "none"), format);
        }

        foreach (DmarcReportSpfResult spf in r.SpfResults)
        {
            WriteSpf(w, spf, format);
            if (bis)
            {
                break; // RFC 9990 AuthResultType: at most one SPF result.
            }
        }

        w.WriteEndElement();

        // RFC 9990 §5: record-level extensions follow auth_results.
        if (bis)
        {
            foreach (DmarcReportExtension extension in r.Extensions)
            {
                extension.WriteTo(w);
            }
        }

        w.WriteEndElement();
    }

    private static void WriteSpf(XmlWriter w, DmarcReportSpfResult spf, DmarcReportFormat format)
    {
        bool bis = format == DmarcReportFormat.Rfc9990;
        w.WriteStartElement("spf");
        Element(w, "domain", spf.Domain);
        string? scope = spf.Scope?.ToLowerInvariant();
        if (bis)
        {
            // RFC 9990 SPFDomainScope has only "mfrom".
            if (scope == "mfrom")
            {
                Element(w, "scope", scope);
            }
        }
        else
        {
            Element(w, "scope", scope == "helo" ? "helo" : "mfrom");
        }

        Element(w, "result", NormalizeResult(spf.Result, spf: true, format));
        if (bis)
        {
            OptionalElement(w, "human_result", spf.HumanResult);
        }

        w.WriteEndElement();
    }

    // RFC 9990 DKIMResultType / SPFResultType and RFC 7489 Appendix C: words outside the enumeration are mapped to the
    // nearest one ("unknown" is the common spelling of temperror, "error" of permerror, per the RFC 7489 schema comments).
    private static string NormalizeResult(string result, bool spf, DmarcReportFormat format)
    {
        string word = result.Trim().ToLowerInvariant();
        switch (word)
        {
            case "none" or "pass" or "fail" or "neutral" or "temperror" or "permerror":
                return word;
            case "softfail":
                return spf ? word : "fail";
            case "policy":
                return spf && format == DmarcReportFormat.Rfc7489 ? "permerror" : word;
            case "hardfail":
                return "fail";
            case "unknown":
                return "temperror";
            default:
                return "permerror";
        }
    }

    // RFC 7489 Appendix C IPAddress pattern accepts only the full eight-group IPv6 form.
    private static string FullIpv6(string text)
    {
        if (!IPAddress.TryParse(text, out IPAddress? address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return text;
        }

        byte[] bytes = address.GetAddressBytes();
        var builder = new StringBuilder(39);
        for (int i = 0; i < 16; i += 2)
        {
            if (i > 0)
            {
                builder.Append(':');
            }

            builder.Append(((bytes[i] << 8) | bytes[i + 1]).ToString("x", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static void OptionalElement(XmlWriter w, string name, string? value)
    {
        if (value is not null)
        {
            Element(w, name, value);
        }
    }

    private static void Element(XmlWriter w, string name, string value)
    {
        w.WriteStartElement(name);
        w.WriteString(XmlSafe(value));
        w.WriteEndElement();
    }

    /// <summary>Replaces characters XML 1.0 cannot carry (§2.2 Char) by U+FFFD, so attacker text never makes the writer throw.</summary>
    internal static string XmlSafe(string value)
    {
        int i = 0;
        while (i < value.Length && IsXmlChar(value, i, out int width))
        {
            i += width;
        }

        if (i == value.Length)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        builder.Append(value, 0, i);
        while (i < value.Length)
        {
            if (IsXmlChar(value, i, out int width))
            {
                builder.Append(value, i, width);
                i += width;
            }
            else
            {
                builder.Append('\uFFFD');
                i++;
            }
        }

        return builder.ToString();
    }

    private static bool IsXmlChar(string s, int i, out int width)
    {
        char c = s[i];
        width = 1;
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                width = 2;
                return true;
            }

            return false;
        }

        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
