using System.Globalization;
using MailAuth.Text;

namespace MailAuth.Dmarc;

/// <summary>Normalises domain names for DMARC comparisons: trimmed, no trailing dot, lower case, A-labels (RFC 4343 case-insensitivity).</summary>
internal static class DmarcDomain
{
    public static bool TryNormalize(string? domain, out string normalized, out string? error)
    {
        normalized = string.Empty;
        string text = (domain ?? string.Empty).Trim();
        if (text.EndsWith('.'))
        {
            text = text[..^1];
        }

        if (text.Length == 0)
        {
            error = "empty domain";
            return false;
        }

        if (!System.Text.Ascii.IsValid(text))
        {
            try
            {
                text = new IdnMapping().GetAscii(text);
            }
            catch (ArgumentException)
            {
                error = $"invalid internationalized domain '{domain}'";
                return false;
            }
        }

        text = text.ToLowerInvariant();
        if (!DomainName.IsValid(text, DomainNameRules.AllowSingleLabel | DomainNameRules.AllowUnderscore))
        {
            error = $"invalid domain '{domain}'";
            return false;
        }

        // RFC 1123 §2.1 / RFC 3696 §2: a top-level label is never all-numeric, so "192.0.2.1" (an address literal
        // without brackets) or "host.123" cannot be a DNS domain; querying "_dmarc.2.1" for it would be meaningless.
        ReadOnlySpan<char> tld = text.AsSpan(text.LastIndexOf('.') + 1);
        if (!tld.ContainsAnyExcept("0123456789"))
        {
            error = $"'{text}' is not a domain name: its top-level label is all-numeric (an address literal?)";
            return false;
        }

        normalized = text;
        error = null;
        return true;
    }

    /// <summary>
    /// <see langword="true"/> when <c>_dmarc.&lt;domain&gt;</c> fits the 253-character limit of a DNS name (RFC 1035 §2.3.4).
    /// A longer name cannot be queried, so it cannot hold a record.
    /// </summary>
    public static bool CanHoldDmarcRecord(string domain) => domain.Length + DmarcPrefix.Length <= DomainName.MaxLength;

    /// <summary>The label prefix of DMARC policy records (RFC 7489 §6.1, RFC 9989 §4.10).</summary>
    public const string DmarcPrefix = "_dmarc.";

    /// <summary><see langword="true"/> when <paramref name="domain"/> is a proper subdomain of <paramref name="parent"/> (both normalised).</summary>
    public static bool IsSubdomainOf(string domain, string parent)
        => domain.Length > parent.Length + 1 && domain.EndsWith(parent, StringComparison.Ordinal) && domain[domain.Length - parent.Length - 1] == '.';
}
