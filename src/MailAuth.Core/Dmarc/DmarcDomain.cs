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

        normalized = text;
        error = null;
        return true;
    }

    /// <summary><see langword="true"/> when <paramref name="domain"/> is a proper subdomain of <paramref name="parent"/> (both normalised).</summary>
    public static bool IsSubdomainOf(string domain, string parent)
        => domain.Length > parent.Length + 1 && domain.EndsWith(parent, StringComparison.Ordinal) && domain[domain.Length - parent.Length - 1] == '.';
}
