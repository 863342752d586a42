using System.Text;

namespace MailAuth.Spf;

/// <summary>
/// The Received-SPF trace header field (RFC 7208 §9.1):
/// <c>"Received-SPF:" [CFWS] result FWS [comment FWS] [ key-value-list ] CRLF</c>.
/// </summary>
public static class ReceivedSpfHeader
{
    /// <summary>The field name.</summary>
    public const string FieldName = "Received-SPF";

    /// <summary>
    /// Formats the whole field (name, value, no trailing CRLF) on one line: the result, a comment in the style of
    /// the §9.1 examples, then <c>client-ip</c>, <c>envelope-from</c>, <c>helo</c>, <c>receiver</c>, <c>identity</c>,
    /// <c>mechanism</c> and, for errors, <c>problem</c>.
    /// </summary>
    /// <param name="result">The SPF result.</param>
    /// <param name="receiver">The receiving host's name (<c>receiver=</c> and the comment's authserv); <see langword="null"/> for "unknown".</param>
    /// <returns>The header field text.</returns>
    public static string Format(SpfResult result, string? receiver = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        string host = string.IsNullOrWhiteSpace(receiver) ? "unknown" : receiver.Trim();
        var sb = new StringBuilder(256);
        sb.Append(FieldName).Append(": ").Append(result.Keyword).Append(" (");
        AppendCommentText(sb, Comment(result, host));
        sb.Append(')');

        AppendPair(sb, "client-ip", result.ClientAddress.ToString());
        AppendPair(sb, "envelope-from", result.Sender);
        if (!string.IsNullOrEmpty(result.Helo))
        {
            AppendPair(sb, "helo", result.Helo);
        }

        AppendPair(sb, "receiver", host);
        AppendPair(sb, "identity", result.Identity switch { SpfIdentity.Helo => "helo", SpfIdentity.Pra => "pra", _ => "mailfrom" });
        if (result.Mechanism is { } mechanism && mechanism != "default")
        {
            AppendPair(sb, "mechanism", mechanism);
        }

        if (result.Status is SpfStatus.TempError or SpfStatus.PermError)
        {
            AppendPair(sb, "problem", result.Reason);
        }

        return sb.ToString();
    }

    private static string Comment(SpfResult r, string host)
    {
        string ip = r.ClientAddress.ToString();
        return r.Status switch
        {
            SpfStatus.Pass => $"{host}: domain of {r.Sender} designates {ip} as permitted sender",
            SpfStatus.Fail => $"{host}: domain of {r.Sender} does not designate {ip} as permitted sender",
            SpfStatus.SoftFail => $"{host}: transitioning domain of {r.Sender} does not designate {ip} as permitted sender",
            SpfStatus.Neutral => $"{host}: {ip} is neither permitted nor denied by domain of {r.Sender}",
            SpfStatus.TempError => $"{host}: error in processing during lookup of {r.Sender}",
            SpfStatus.PermError => $"{host}: permanent error in processing domain of {r.Sender}",
            _ => $"{host}: domain of {r.Sender} does not provide an SPF record",
        };
    }

    // comment = "(" *([FWS] ccontent) [FWS] ")" ; ctext excludes "(", ")" and "\" which are quoted-pair'ed.
    private static void AppendCommentText(StringBuilder sb, string text)
    {
        foreach (char c in text)
        {
            if (c is '(' or ')' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(char.IsControl(c) ? ' ' : c);
        }
    }

    // key-value-pair = key [CFWS] "=" ( dot-atom / quoted-string )
    private static void AppendPair(StringBuilder sb, string key, string value)
    {
        sb.Append(' ').Append(key).Append('=');
        if (IsDotAtom(value))
        {
            sb.Append(value).Append(';');
            return;
        }

        sb.Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        sb.Append("\";");
    }

    // dot-atom-text = 1*atext *("." 1*atext) (RFC 5322 §3.2.3)
    private static bool IsDotAtom(string value)
    {
        if (value.Length == 0 || value[0] == '.' || value[^1] == '.' || value.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in value)
        {
            bool atext = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c);
            if (!atext)
            {
                return false;
            }
        }

        return true;
    }
}
