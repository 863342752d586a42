using System.Globalization;
using System.Text;
using MailAuth.Dns;

namespace MailAuth.Cli;

/// <summary>Text forms of DNS answers for human output.</summary>
internal static class DnsPresentation
{
    /// <summary>The RCODE-style word for a status (RFC 1035 §4.1.1 names; TIMEOUT and ERROR for the rest).</summary>
    public static string StatusWord(DnsStatus status) => status switch
    {
        DnsStatus.NoError => "NOERROR",
        DnsStatus.NxDomain => "NXDOMAIN",
        DnsStatus.ServerFailure => "SERVFAIL",
        DnsStatus.Refused => "REFUSED",
        DnsStatus.FormatError => "FORMERR",
        DnsStatus.Timeout => "TIMEOUT",
        _ => "ERROR",
    };

    /// <summary>A TXT record in zone-file form: each character-string quoted, <c>"</c> and <c>\</c> escaped, control characters as <c>\DDD</c>.</summary>
    public static string Txt(TxtRecord record)
    {
        var text = new StringBuilder();
        foreach (string s in record.Strings)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append('"');
            foreach (char c in s)
            {
                if (c is '"' or '\\')
                {
                    text.Append('\\').Append(c);
                }
                else if (c < ' ' || c == '\x7f')
                {
                    text.Append('\\').Append(((int)c).ToString("000", CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append(c);
                }
            }

            text.Append('"');
        }

        return text.ToString();
    }
}
