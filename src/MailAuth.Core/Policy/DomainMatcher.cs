using MailAuth.Text;

namespace MailAuth.Policy;

/// <summary>
/// An allowlist of domain names: exact entries and <c>*.parent</c> entries that match strict subdomains. Names are
/// compared after normalisation (U-labels to A-labels, lower case, no trailing dot), so look-alikes in another script
/// become different A-labels and never match. Immutable; a lookup walks the candidate's labels once (at most 127).
/// </summary>
internal sealed class DomainMatcher
{
    internal static readonly DomainMatcher Empty = new(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

    private readonly HashSet<string> _exact;
    private readonly HashSet<string> _parents;

    private DomainMatcher(HashSet<string> exact, HashSet<string> parents)
    {
        _exact = exact;
        _parents = parents;
    }

    internal bool IsEmpty => _exact.Count == 0 && _parents.Count == 0;

    internal static DomainMatcher Build(IReadOnlyList<string> entries, string domain, string key, List<PolicyConfigError> errors)
    {
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var parents = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            string? entry = entries[i]?.Trim();
            bool wildcard = entry is not null && entry.StartsWith("*.", StringComparison.Ordinal);
            if (!TryNormalize(wildcard ? entry![2..] : entry, out string? name))
            {
                errors.Add(new PolicyConfigError(domain, $"{key}[{i}]", $"'{Text.ReasonText.Escape(entries[i])}' is not a domain name (or *.domain)"));
                continue;
            }

            (wildcard ? parents : exact).Add(name);
        }

        return new DomainMatcher(exact, parents);
    }

    internal static bool TryNormalize(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name)
    {
        name = null;
        if (string.IsNullOrEmpty(text) || text.Length > DomainName.MaxLength + 1
            || !DomainName.TryParse(text, DomainNameRules.AllowSingleLabel | DomainNameRules.AllowUnderscore, out DomainName parsed, out _))
        {
            return false;
        }

        name = parsed.Value;
        return true;
    }

    internal bool Matches(string? candidate)
    {
        if (IsEmpty || !TryNormalize(candidate, out string? name))
        {
            return false;
        }

        if (_exact.Contains(name))
        {
            return true;
        }

        if (_parents.Count == 0)
        {
            return false;
        }

        for (int dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.', dot + 1))
        {
            if (_parents.Contains(name[(dot + 1)..]))
            {
                return true;
            }
        }

        return false;
    }

    // Same name or one of its subdomains (for list domains: bounces.lists.example.org belongs to lists.example.org).
    internal bool MatchesSameOrSubdomain(string? candidate)
    {
        if (IsEmpty || !TryNormalize(candidate, out string? name))
        {
            return false;
        }

        for (int start = 0; ; start = name.IndexOf('.', start) + 1)
        {
            string suffix = name[start..];
            if (_exact.Contains(suffix) || (start > 0 && _parents.Contains(suffix)))
            {
                return true;
            }

            if (name.IndexOf('.', start) < 0)
            {
                return false;
            }
        }
    }
}
