using System.Globalization;
using System.Text;

namespace MailAuth.PublicSuffix;

/// <summary>
/// The Public Suffix List (publicsuffix.org format): normal, wildcard (<c>*.</c>) and exception (<c>!</c>) rules
/// from the ICANN and PRIVATE sections. Used by DMARC in RFC 7489 mode to find the Organizational Domain
/// (RFC 7489 §3.2: the public suffix plus one label).
/// </summary>
/// <remarks>
/// A snapshot of the list ships inside the assembly (<see cref="Default"/>, MPL-2.0, see THIRD-PARTY-NOTICES.md);
/// <see cref="Load(Stream, bool)"/> reads a newer copy. Look-ups of ASCII names are case-insensitive, accept one
/// trailing dot and allocate nothing (a hash table keyed by every rule suffix, probed with spans);
/// names with non-ASCII labels are converted to A-labels with <see cref="IdnMapping"/> first.
/// Instances are immutable and thread-safe.
/// </remarks>
public sealed class PublicSuffixList
{
    private const string ResourceName = "MailAuth.PublicSuffix.public_suffix_list.dat";
    private static readonly Lazy<PublicSuffixList> DefaultList = new(() => LoadEmbedded(includePrivateDomains: true));
    private static readonly Lazy<PublicSuffixList> DefaultIcannList = new(() => LoadEmbedded(includePrivateDomains: false));

    private readonly PublicSuffixTable _table;
    private readonly PublicSuffixRuleFlags _mask;

    private PublicSuffixList(PublicSuffixTable table, bool includePrivateDomains, int ruleCount)
    {
        _table = table;
        IncludesPrivateDomains = includePrivateDomains;
        _mask = includePrivateDomains ? PublicSuffixRuleFlags.AllRules : PublicSuffixRuleFlags.IcannRules;
        RuleCount = ruleCount;
    }

    /// <summary>The embedded snapshot, ICANN and PRIVATE sections.</summary>
    public static PublicSuffixList Default => DefaultList.Value;

    /// <summary>The embedded snapshot, ICANN section only (PRIVATE-section names such as <c>github.io</c> are then registrable).</summary>
    public static PublicSuffixList DefaultIcannOnly => DefaultIcannList.Value;

    /// <summary><see langword="true"/> when rules of the PRIVATE section take part in look-ups.</summary>
    public bool IncludesPrivateDomains { get; }

    /// <summary>The number of rules read from the list (both sections).</summary>
    public int RuleCount { get; }

    /// <summary>Reads a list in the publicsuffix.org format (UTF-8).</summary>
    /// <param name="stream">The list.</param>
    /// <param name="includePrivateDomains">Whether rules between <c>===BEGIN PRIVATE DOMAINS===</c> and its end marker count.</param>
    /// <returns>The list.</returns>
    public static PublicSuffixList Load(Stream stream, bool includePrivateDomains = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Load(reader, includePrivateDomains);
    }

    /// <summary>Reads a list in the publicsuffix.org format.</summary>
    /// <param name="reader">The list text.</param>
    /// <param name="includePrivateDomains">Whether rules of the PRIVATE section count.</param>
    /// <returns>The list.</returns>
    public static PublicSuffixList Load(TextReader reader, bool includePrivateDomains = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rules = new List<(string Key, PublicSuffixRuleFlags Flag)>(16384);
        var idn = new IdnMapping();
        bool inPrivate = false;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            ReadOnlySpan<char> text = line.AsSpan().Trim();
            if (text.IsEmpty)
            {
                continue;
            }

            if (text.StartsWith("//", StringComparison.Ordinal))
            {
                if (text.Contains("===BEGIN PRIVATE DOMAINS===", StringComparison.Ordinal))
                {
                    inPrivate = true;
                }
                else if (text.Contains("===END PRIVATE DOMAINS===", StringComparison.Ordinal))
                {
                    inPrivate = false;
                }

                continue;
            }

            // Each line is only read up to the first whitespace (publicsuffix.org format rules).
            int space = text.IndexOfAny(' ', '\t');
            if (space >= 0)
            {
                text = text[..space];
            }

            if (text is "*")
            {
                continue; // the implicit default rule
            }

            PublicSuffixRuleFlags kind;
            if (text[0] == '!')
            {
                kind = PublicSuffixRuleFlags.IcannException;
                text = text[1..];
            }
            else if (text.StartsWith("*.", StringComparison.Ordinal))
            {
                kind = PublicSuffixRuleFlags.IcannWildcard;
                text = text[2..];
            }
            else
            {
                kind = PublicSuffixRuleFlags.IcannRule;
            }

            string? key = ToAsciiKey(text, idn);
            if (key is null)
            {
                continue;
            }

            rules.Add((key, inPrivate ? (PublicSuffixRuleFlags)((int)kind << 3) : kind));
        }

        var table = new PublicSuffixTable(rules.Count * 2);
        foreach (var (key, flag) in rules)
        {
            table.AddRule(key, flag);
        }

        return new PublicSuffixList(table, includePrivateDomains, rules.Count);
    }

    /// <summary>Reads a list file in the publicsuffix.org format.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="includePrivateDomains">Whether rules of the PRIVATE section count.</param>
    /// <returns>The list.</returns>
    public static PublicSuffixList LoadFile(string path, bool includePrivateDomains = true)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, includePrivateDomains);
    }

    /// <summary>
    /// Finds the public suffix and registrable domain of <paramref name="domain"/> (publicsuffix.org algorithm:
    /// exception rules prevail, then the longest matching rule, else the implicit <c>*</c> rule).
    /// Allocates nothing for ASCII names.
    /// </summary>
    /// <param name="domain">A domain name, any case, optionally with one trailing dot; U-labels are accepted.</param>
    /// <returns>
    /// The offsets; <see cref="PublicSuffixMatch.IsValid"/> is <see langword="false"/> for empty labels, labels over 63 or
    /// names over 253 characters (RFC 1035 §2.3.4), or invalid IDNs.
    /// </returns>
    public PublicSuffixMatch Match(ReadOnlySpan<char> domain)
    {
        if (domain.Length > 0 && domain[^1] == '.')
        {
            domain = domain[..^1];
        }

        if (domain.IsEmpty || domain.Length > MailAuth.Text.DomainName.MaxLength)
        {
            return PublicSuffixMatch.Invalid;
        }

        if (!System.Text.Ascii.IsValid(domain))
        {
            return MatchInternational(domain);
        }

        if (!TryMatchAscii(domain, out int labels, out int suffixLabels, out bool listed, out int suffixStart, out int registrableStart))
        {
            return PublicSuffixMatch.Invalid;
        }

        return new PublicSuffixMatch(domain.Length, labels, suffixStart, suffixLabels, registrableStart, listed);
    }

    /// <summary>The registrable domain (RFC 7489 §3.2 Organizational Domain) of <paramref name="domain"/>, lower-cased, without a trailing dot.</summary>
    /// <param name="domain">A domain name; <see langword="null"/> gives <see langword="null"/>.</param>
    /// <returns>The registrable domain, or <see langword="null"/> when the name is a public suffix itself or not a valid name.</returns>
    public string? GetRegistrableDomain(string? domain)
    {
        if (domain is null)
        {
            return null;
        }

        var match = Match(domain);
        return match.HasRegistrableDomain ? Slice(domain, match.RegistrableDomainStart, match.Length) : null;
    }

    /// <summary>The public suffix of <paramref name="domain"/>, lower-cased, without a trailing dot.</summary>
    /// <param name="domain">A domain name; <see langword="null"/> gives <see langword="null"/>.</param>
    /// <returns>The public suffix, or <see langword="null"/> when the name is not a valid name.</returns>
    public string? GetPublicSuffix(string? domain)
    {
        if (domain is null)
        {
            return null;
        }

        var match = Match(domain);
        return match.IsValid ? Slice(domain, match.PublicSuffixStart, match.Length) : null;
    }

    /// <summary><see langword="true"/> when <paramref name="domain"/> is itself a public suffix.</summary>
    /// <param name="domain">A domain name.</param>
    /// <returns>Whether the whole name is a public suffix.</returns>
    public bool IsPublicSuffix(ReadOnlySpan<char> domain) => Match(domain).IsPublicSuffix;

    private static string Slice(string domain, int start, int end)
    {
        ReadOnlySpan<char> part = domain.AsSpan(start, end - start);
        return string.Create(part.Length, (domain, start), static (dest, state) =>
            state.domain.AsSpan(state.start, dest.Length).ToLowerInvariant(dest));
    }

    private PublicSuffixMatch MatchInternational(ReadOnlySpan<char> domain)
    {
        string ascii;
        try
        {
            ascii = new IdnMapping().GetAscii(domain.ToString());
        }
        catch (ArgumentException)
        {
            return PublicSuffixMatch.Invalid;
        }

        if (ascii.EndsWith('.'))
        {
            ascii = ascii[..^1];
        }

        if (!TryMatchAscii(ascii, out int labels, out int suffixLabels, out bool listed, out _, out _) || CountLabels(domain) != labels)
        {
            return PublicSuffixMatch.Invalid;
        }

        int suffixStart = StartOfLastLabels(domain, suffixLabels, '\0');
        int registrableStart = labels > suffixLabels ? StartOfLastLabels(domain, suffixLabels + 1, '\0') : -1;
        return new PublicSuffixMatch(domain.Length, labels, suffixStart, suffixLabels, registrableStart, listed);
    }

    // Walks the labels right to left; also returns where the public suffix and the registrable domain start.
    private bool TryMatchAscii(ReadOnlySpan<char> domain, out int labels, out int suffixLabels, out bool listed, out int suffixStart, out int registrableStart)
    {
        labels = 0;
        suffixLabels = 0;
        listed = false;
        suffixStart = 0;
        registrableStart = -1;
        int previousStart = domain.Length, firstStart = 0, secondStart = -1;
        PublicSuffixRuleFlags parentFlags = PublicSuffixRuleFlags.None;
        bool walking = true;
        uint hash = PublicSuffixTable.HashSeed;
        int end = domain.Length;
        while (true)
        {
            int dot = domain[..end].LastIndexOf('.');
            int start = dot + 1;
            if (start == end || end - start > MailAuth.Text.DomainName.MaxLabelLength)
            {
                return false; // empty or over-long label (RFC 1035 §2.3.4), as IdnMapping rejects for U-labels
            }

            labels++;
            if (walking)
            {
                if (end < domain.Length)
                {
                    hash = PublicSuffixTable.Feed(hash, '.');
                }

                for (int i = end - 1; i >= start; i--)
                {
                    hash = PublicSuffixTable.Feed(hash, domain[i]);
                }

                bool found = _table.TryGet(domain[start..], hash, out PublicSuffixRuleFlags flags);
                flags &= _mask;
                if ((flags & PublicSuffixRuleFlags.Exceptions) != 0)
                {
                    // An exception rule prevails: the public suffix is the rule minus its leftmost label.
                    suffixLabels = labels - 1;
                    suffixStart = previousStart;
                    listed = true;
                    walking = false;
                }
                else
                {
                    if ((flags & PublicSuffixRuleFlags.Rules) != 0 || (parentFlags & PublicSuffixRuleFlags.Wildcards) != 0)
                    {
                        suffixLabels = labels;
                        suffixStart = start;
                        listed = true;
                    }

                    // Every rule suffix is in the table, so a missing name ends the walk.
                    walking = found;
                    parentFlags = flags;
                }
            }

            if (labels == 1)
            {
                firstStart = start;
            }
            else if (labels == 2)
            {
                secondStart = start;
            }

            if (labels == suffixLabels + 1)
            {
                registrableStart = start;
            }

            previousStart = start;
            if (dot < 0)
            {
                break;
            }

            end = dot;
        }

        if (suffixLabels == 0)
        {
            suffixLabels = 1; // the implicit "*" rule
            suffixStart = firstStart;
            registrableStart = secondStart;
        }
        else if (labels == suffixLabels)
        {
            registrableStart = -1;
        }

        return true;
    }

    private static bool IsSeparator(char c, char asciiOnly) =>
        c == '.' || (asciiOnly == '\0' && c is '\u3002' or '\uFF0E' or '\uFF61');

    private static int CountLabels(ReadOnlySpan<char> domain)
    {
        int count = 1;
        foreach (char c in domain)
        {
            if (IsSeparator(c, '\0'))
            {
                count++;
            }
        }

        return count;
    }

    // Offset of the rightmost `count` labels; `asciiOnly` is '.' for ASCII names (only '.' separates labels).
    private static int StartOfLastLabels(ReadOnlySpan<char> domain, int count, char asciiOnly)
    {
        for (int i = domain.Length - 1; i >= 0; i--)
        {
            if (IsSeparator(domain[i], asciiOnly) && --count == 0)
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static string? ToAsciiKey(ReadOnlySpan<char> rule, IdnMapping idn)
    {
        if (rule.IsEmpty)
        {
            return null;
        }

        string text = rule.ToString();
        if (!System.Text.Ascii.IsValid(rule))
        {
            try
            {
                text = idn.GetAscii(text);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        return text.ToLowerInvariant();
    }

    private static PublicSuffixList LoadEmbedded(bool includePrivateDomains)
    {
        using Stream stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        return Load(stream, includePrivateDomains);
    }
}
