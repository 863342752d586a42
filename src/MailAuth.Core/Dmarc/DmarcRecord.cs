using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MailAuth.Text;

namespace MailAuth.Dmarc;

/// <summary>
/// A DMARC Policy Record (RFC 7489 §6.3, RFC 9989 §4.7–4.8):
/// <code>
/// dmarc-record  = dmarc-version *(dmarc-sep dmarc-tag) [dmarc-sep]
/// dmarc-version = "v" equals %s"DMARC1"
/// </code>
/// Parsing is lenient as both RFCs require: unknown tags are ignored and an invalid value falls back to the tag's default
/// (or, for <c>p</c>/<c>sp</c>/<c>np</c>, is flagged so the evaluator can apply the RFC 7489 §6.6.3 / RFC 9989 §4.10.1
/// rule); every such deviation is listed in <see cref="Problems"/>.
/// </summary>
public sealed class DmarcRecord
{
    private static readonly IReadOnlyList<DmarcReportUri> NoUris = Array.Empty<DmarcReportUri>();

    private DmarcRecord(string text)
    {
        Text = text;
    }

    /// <summary>The record text as published (TXT strings joined).</summary>
    public string Text { get; }

    /// <summary><c>p</c>: the Domain Owner Assessment Policy; <see langword="null"/> when absent or invalid.</summary>
    public DmarcPolicy? Policy { get; private set; }

    /// <summary><see langword="true"/> when a <c>p</c> tag is present but its value is not none/quarantine/reject.</summary>
    public bool IsPolicyInvalid { get; private set; }

    /// <summary><c>sp</c>: the policy for existing subdomains; <see langword="null"/> when absent or invalid.</summary>
    public DmarcPolicy? SubdomainPolicy { get; private set; }

    /// <summary><see langword="true"/> when an <c>sp</c> tag is present but invalid.</summary>
    public bool IsSubdomainPolicyInvalid { get; private set; }

    /// <summary><c>np</c> (RFC 9091 §4.1, RFC 9989 §4.7): the policy for non-existent subdomains; <see langword="null"/> when absent or invalid.</summary>
    public DmarcPolicy? NonExistentSubdomainPolicy { get; private set; }

    /// <summary><see langword="true"/> when an <c>np</c> tag is present but invalid.</summary>
    public bool IsNonExistentSubdomainPolicyInvalid { get; private set; }

    /// <summary><c>adkim</c>, default relaxed.</summary>
    public DmarcAlignmentMode DkimAlignment { get; private set; }

    /// <summary><c>aspf</c>, default relaxed.</summary>
    public DmarcAlignmentMode SpfAlignment { get; private set; }

    /// <summary><c>pct</c> (RFC 7489 §6.3; removed by RFC 9989 Appendix A.6), 0–100, default 100.</summary>
    public int Percentage { get; private set; } = 100;

    /// <summary><see langword="true"/> when a valid <c>pct</c> tag is present.</summary>
    public bool HasPercentage { get; private set; }

    /// <summary><c>fo</c>: failure reporting options, e.g. <c>0</c> or <c>1:d:s</c>; default <c>0</c>.</summary>
    public string FailureReportingOptions { get; private set; } = "0";

    /// <summary><c>rf</c> (RFC 7489 §6.3): failure report formats, default <c>afrf</c>.</summary>
    public string ReportFormat { get; private set; } = "afrf";

    /// <summary><c>ri</c> (RFC 7489 §6.3): requested aggregate report interval in seconds, default 86400.</summary>
    public long ReportInterval { get; private set; } = 86400;

    /// <summary><c>rua</c>: aggregate report destinations (syntactically valid ones only).</summary>
    public IReadOnlyList<DmarcReportUri> AggregateReportUris { get; private set; } = NoUris;

    /// <summary><c>ruf</c>: failure report destinations (syntactically valid ones only).</summary>
    public IReadOnlyList<DmarcReportUri> FailureReportUris { get; private set; } = NoUris;

    /// <summary><c>t</c> (RFC 9989 §4.7): testing mode, default <see langword="false"/>.</summary>
    public bool TestingMode { get; private set; }

    /// <summary>
    /// <c>psd</c> (RFC 9989 §4.7): <see langword="true"/> for <c>psd=y</c> (a Public Suffix Domain),
    /// <see langword="false"/> for <c>psd=n</c> (an Organizational Domain), <see langword="null"/> for <c>psd=u</c> or no tag (the default).
    /// </summary>
    public bool? Psd { get; private set; }

    /// <summary>Deviations found while parsing (invalid values replaced by defaults, bad URIs dropped, syntax errors), empty for a clean record.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = Array.Empty<string>();

    /// <summary>
    /// Parses a record. Returns <see langword="false"/> only when the text is not a DMARC record at all
    /// (its first tag is not <c>v=DMARC1</c>, RFC 9989 §4.7), which callers discard; every other defect becomes a
    /// <see cref="Problems"/> entry of a returned record.
    /// </summary>
    /// <param name="text">The TXT record text.</param>
    /// <param name="record">The record, or <see langword="null"/>.</param>
    /// <param name="error">Why the text is not a DMARC record and where, or <see langword="null"/>.</param>
    /// <returns>Whether the text is a DMARC record.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out DmarcRecord? record, [NotNullWhen(false)] out ParseError? error)
    {
        record = null;
        int start = text.Length - text.TrimStart(" \t\r\n").Length;
        // RFC 7489 §6.4 / RFC 9989 §4.8: tag names are ABNF quoted strings, hence case-insensitive ("V=DMARC1" is a
        // record); the version value is case-sensitive (RFC 9989: %s"DMARC1"; RFC 7489: %x44 %x4d ...).
        if (!text[start..].StartsWith("v", StringComparison.OrdinalIgnoreCase))
        {
            error = new ParseError("not a DMARC record: it does not start with v=DMARC1", start);
            return false;
        }

        var reader = new TagListReader(text, allowEmptyTagSpecs: true);
        if (!reader.MoveNext())
        {
            error = reader.Error.IsError
                ? new ParseError("not a DMARC record: " + reader.Error.Description, reader.Error.Position)
                : new ParseError("not a DMARC record: empty", start);
            return false;
        }

        if (!reader.CurrentName.Equals("v", StringComparison.OrdinalIgnoreCase) || !reader.CurrentValue.SequenceEqual("DMARC1"))
        {
            error = new ParseError("not a DMARC record: the first tag is not v=DMARC1", start);
            return false;
        }

        var result = new DmarcRecord(text.ToString());
        List<string>? problems = null;
        uint seen = 0;
        while (reader.MoveNext())
        {
            result.ApplyTag(reader.CurrentName, reader.CurrentValue, ref seen, ref problems);
        }

        if (reader.Error.IsError)
        {
            (problems ??= []).Add("syntax error, rest of record ignored: " + reader.Error.Message);
        }

        if ((result.FailureReportUris.Count == 0) && (seen & TagBit("fo")) != 0)
        {
            result.FailureReportingOptions = "0"; // RFC 9989 §4.7: fo is ignored without ruf.
        }

        result.Problems = problems is null ? Array.Empty<string>() : problems.ToArray();
        record = result;
        error = null;
        return true;
    }

    /// <summary>Parses a record, throwing for text that is not a DMARC record.</summary>
    /// <param name="text">The TXT record text.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">The first tag is not <c>v=DMARC1</c>.</exception>
    public static DmarcRecord Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var record, out var error) ? record : throw new FormatException(error.ToString());
    }

    /// <summary><see langword="true"/> when <c>rua</c> holds at least one syntactically valid URI.</summary>
    public bool HasValidAggregateReportUri => AggregateReportUris.Count > 0;

    /// <inheritdoc />
    public override string ToString() => Text;

    private void ApplyTag(ReadOnlySpan<char> name, ReadOnlySpan<char> value, ref uint seen, ref List<string>? problems)
    {
        uint bit = TagBit(name);
        if (bit == 0)
        {
            return; // unknown tags MUST be ignored (RFC 9989 §4.7)
        }

        if ((seen & bit) != 0)
        {
            (problems ??= []).Add($"duplicate tag '{name}' ignored");
            return;
        }

        seen |= bit;
        switch (name.ToString().ToLowerInvariant())
        {
            case "p":
                Policy = ParsePolicy(value, "p", ref problems, out bool bad);
                IsPolicyInvalid = bad;
                break;
            case "sp":
                SubdomainPolicy = ParsePolicy(value, "sp", ref problems, out bad);
                IsSubdomainPolicyInvalid = bad;
                break;
            case "np":
                NonExistentSubdomainPolicy = ParsePolicy(value, "np", ref problems, out bad);
                IsNonExistentSubdomainPolicyInvalid = bad;
                break;
            case "adkim":
                DkimAlignment = ParseAlignment(value, "adkim", ref problems);
                break;
            case "aspf":
                SpfAlignment = ParseAlignment(value, "aspf", ref problems);
                break;
            case "pct":
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int pct) && pct <= 100)
                {
                    Percentage = pct;
                    HasPercentage = true;
                }
                else
                {
                    Problem(ref problems, "pct", value, "100");
                }

                break;
            case "fo":
                if (IsValidFo(value))
                {
                    FailureReportingOptions = value.ToString();
                }
                else
                {
                    Problem(ref problems, "fo", value, "0");
                }

                break;
            case "rf":
                if (!value.IsEmpty && value.IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:") < 0)
                {
                    ReportFormat = value.ToString().ToLowerInvariant();
                }
                else
                {
                    Problem(ref problems, "rf", value, "afrf");
                }

                break;
            case "ri":
                if (uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint ri))
                {
                    ReportInterval = ri;
                }
                else
                {
                    Problem(ref problems, "ri", value, "86400");
                }

                break;
            case "rua":
                AggregateReportUris = ParseUris(value, "rua", ref problems);
                break;
            case "ruf":
                FailureReportUris = ParseUris(value, "ruf", ref problems);
                break;
            case "t":
                if (IsWord(value, "y"))
                {
                    TestingMode = true;
                }
                else if (!IsWord(value, "n"))
                {
                    Problem(ref problems, "t", value, "n");
                }

                break;
            case "psd":
                Psd = IsWord(value, "y") ? true : IsWord(value, "n") ? false : null;
                if (Psd is null && !IsWord(value, "u"))
                {
                    Problem(ref problems, "psd", value, "u");
                }

                break;
        }
    }

    // Known tag names (case-insensitive; RFC 5234 strings are case-insensitive) mapped to bits for duplicate detection.
    private static uint TagBit(ReadOnlySpan<char> name)
    {
        Span<char> lower = stackalloc char[5];
        if (name.Length > lower.Length)
        {
            return 0;
        }

        lower = lower[..name.ToLowerInvariant(lower)];
        return lower switch
        {
            "p" => 1u << 0,
            "sp" => 1u << 1,
            "np" => 1u << 2,
            "adkim" => 1u << 3,
            "aspf" => 1u << 4,
            "pct" => 1u << 5,
            "fo" => 1u << 6,
            "rf" => 1u << 7,
            "ri" => 1u << 8,
            "rua" => 1u << 9,
            "ruf" => 1u << 10,
            "t" => 1u << 11,
            "psd" => 1u << 12,
            _ => 0,
        };
    }

    // dmarc-request = "none" / "quarantine" / "reject"
    private static DmarcPolicy? ParsePolicy(ReadOnlySpan<char> value, string tag, ref List<string>? problems, out bool invalid)
    {
        invalid = false;
        if (IsWord(value, "none"))
        {
            return DmarcPolicy.None;
        }

        if (IsWord(value, "quarantine"))
        {
            return DmarcPolicy.Quarantine;
        }

        if (IsWord(value, "reject"))
        {
            return DmarcPolicy.Reject;
        }

        invalid = true;
        (problems ??= []).Add($"invalid {tag}='{value}'");
        return null;
    }

    // dmarc-rors = "r" / "s"
    private static DmarcAlignmentMode ParseAlignment(ReadOnlySpan<char> value, string tag, ref List<string>? problems)
    {
        if (IsWord(value, "s"))
        {
            return DmarcAlignmentMode.Strict;
        }

        if (!IsWord(value, "r"))
        {
            Problem(ref problems, tag, value, "r");
        }

        return DmarcAlignmentMode.Relaxed;
    }

    // dmarc-fo = 0/1/d/s separated by ":", "0" and "1" mutually exclusive, each at most once.
    private static bool IsValidFo(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        int mask = 0;
        for (ReadOnlySpan<char> rest = value; ;)
        {
            ReadOnlySpan<char> item = NextItem(ref rest, ':', out bool last).Trim(" \t");
            int bit = item.Length != 1 ? 0 : char.ToLowerInvariant(item[0]) switch { '0' => 1, '1' => 2, 'd' => 4, 's' => 8, _ => 0 };
            if (bit == 0 || (mask & bit) != 0)
            {
                return false;
            }

            mask |= bit;
            if (last)
            {
                break;
            }
        }

        return (mask & 3) != 3;
    }

    // dmarc-urilist = dmarc-uri *(*WSP "," *WSP dmarc-uri)
    private static IReadOnlyList<DmarcReportUri> ParseUris(ReadOnlySpan<char> value, string tag, ref List<string>? problems)
    {
        var list = new List<DmarcReportUri>();
        for (ReadOnlySpan<char> rest = value; ;)
        {
            ReadOnlySpan<char> item = NextItem(ref rest, ',', out bool last).Trim(" \t\r\n");
            if (item.IsEmpty)
            {
                if (last)
                {
                    break;
                }

                continue;
            }

            if (DmarcReportUri.TryParse(item, out var uri))
            {
                list.Add(uri!);
            }
            else
            {
                (problems ??= []).Add($"invalid {tag} URI '{item}' ignored");
            }

            if (last)
            {
                break;
            }
        }

        if (list.Count == 0)
        {
            (problems ??= []).Add($"{tag} has no valid URI");
        }

        return list.Count == 0 ? NoUris : list.ToArray();
    }

    private static ReadOnlySpan<char> NextItem(ref ReadOnlySpan<char> rest, char separator, out bool last)
    {
        int i = rest.IndexOf(separator);
        last = i < 0;
        ReadOnlySpan<char> item = last ? rest : rest[..i];
        rest = last ? default : rest[(i + 1)..];
        return item;
    }

    private static bool IsWord(ReadOnlySpan<char> value, string word) => value.Equals(word, StringComparison.OrdinalIgnoreCase);

    private static void Problem(ref List<string>? problems, string tag, ReadOnlySpan<char> value, string fallback)
        => (problems ??= []).Add($"invalid {tag}='{value}', using {fallback}");
}
