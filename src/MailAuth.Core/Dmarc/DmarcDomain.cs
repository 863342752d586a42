using System.Diagnostics.CodeAnalysis;
using MailAuth.Text;

namespace MailAuth.Dmarc;

/// <summary>
/// DMARC's domain rules on top of the shared <see cref="DomainName"/> normalisation (trimmed, no trailing dot, lower case,
/// A-labels; RFC 4343 case-insensitivity): the all-numeric top-label rule and the <c>_dmarc</c> name limit.
/// </summary>
internal static class DmarcDomain
{
    /// <summary>The label prefix of DMARC policy records (RFC 7489 §6.1, RFC 9989 §4.10).</summary>
    public const string DmarcPrefix = "_dmarc.";

    /// <summary>Normalises <paramref name="domain"/> (see <see cref="TryParse"/>) and returns its text.</summary>
    public static bool TryNormalize(string? domain, out string normalized, [NotNullWhen(false)] out string? error)
    {
        bool ok = TryParse(domain, out DomainName name, out error);
        normalized = name.Value;
        return ok;
    }

    /// <summary>
    /// Parses a domain as DMARC compares it: surrounding space trimmed, single labels and "_" accepted (owner names),
    /// and a name whose top-level label is all-numeric refused.
    /// </summary>
    public static bool TryParse(string? domain, out DomainName name, [NotNullWhen(false)] out string? error)
    {
        if (!DomainName.TryParse((domain ?? string.Empty).Trim(), DomainNameRules.AllowSingleLabel | DomainNameRules.AllowUnderscore, out name, out error))
        {
            return false;
        }

        // RFC 1123 §2.1 / RFC 3696 §2: a top-level label is never all-numeric, so "192.0.2.1" (an address literal
        // without brackets) or "host.123" cannot be a DNS domain; querying "_dmarc.2.1" for it would be meaningless.
        if (!name.TopLabel.ContainsAnyExcept("0123456789"))
        {
            error = $"'{name.Value}' is not a domain name: its top-level label is all-numeric (an address literal?)";
            name = default;
            return false;
        }

        return true;
    }

    /// <summary>
    /// The normalised form of a domain a caller hands in (a known author or Organizational Domain): the
    /// <see cref="TryParse"/> form when it is valid, else the text trimmed, without trailing dots, lower case, so the
    /// evaluator still sees (and reports) the invalid name.
    /// </summary>
    public static string NormalizeOrKeep(string domain)
        => TryNormalize(domain, out string normalized, out _) ? normalized : domain.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>
    /// <see langword="true"/> when <c>_dmarc.&lt;domain&gt;</c> fits the 253-character limit of a DNS name (RFC 1035 §2.3.4).
    /// A longer name cannot be queried, so it cannot hold a record.
    /// </summary>
    public static bool CanHoldDmarcRecord(string domain) => domain.Length + DmarcPrefix.Length <= DomainName.MaxLength;

    /// <summary><see langword="true"/> when <paramref name="domain"/> is a proper subdomain of <paramref name="parent"/> (both normalised).</summary>
    public static bool IsSubdomainOf(string domain, string parent) => DomainName.IsSubdomainOf(domain, parent);
}
