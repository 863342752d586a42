using MailAuth.Text;

namespace MailAuth.DomainKeys;

/// <summary>
/// Reads an ADSP record (RFC 5617 §4.2.1): the RFC 4871 tag-list with WSP instead of FWS, starting with the outbound
/// signing-practices tag:
/// <code>
/// adsp-dkim-tag   = %x64.6b.69.6d *WSP "=" *WSP ("unknown" / "all" / "discardable" / x-adsp-dkim-tag)
/// x-adsp-dkim-tag = hyphenated-word
/// </code>
/// </summary>
internal static class AdspRecord
{
    /// <summary>Parses a record.</summary>
    /// <param name="text">The TXT record, character-strings joined without separators (§4.1).</param>
    /// <param name="practice">The practice.</param>
    /// <param name="error">Why the record is not a valid ADSP record, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> for a valid record.</returns>
    public static bool TryParse(string text, out AdspPractice practice, out string? error)
    {
        practice = AdspPractice.None;

        // "the first four characters of the record are lowercase dkim, followed by optional whitespace and =".
        if (!text.StartsWith("dkim", StringComparison.Ordinal) || text.AsSpan(4).TrimStart(" \t").IsEmpty || text.AsSpan(4).TrimStart(" \t")[0] != '=')
        {
            error = "the record does not start with dkim=";
            return false;
        }

        // §4.1: WSP, not FWS: a line break makes the record invalid.
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            error = "the record contains a line break";
            return false;
        }

        Span<TagRange> tags = stackalloc TagRange[TagList.DefaultMaxTags];
        if (!TagList.TryParse(text, tags, out int count, out var tagError))
        {
            error = "record syntax error: " + tagError.Description;
            return false;
        }

        var value = text.AsSpan()[tags[0].Value];
        if (value.Equals("unknown", StringComparison.OrdinalIgnoreCase))
        {
            practice = AdspPractice.Unknown;
        }
        else if (value.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            practice = AdspPractice.All;
        }
        else if (value.Equals("discardable", StringComparison.OrdinalIgnoreCase))
        {
            practice = AdspPractice.Discardable;
        }
        else if (IsHyphenatedWord(value))
        {
            // "Any other values are treated as unknown".
            practice = AdspPractice.Unknown;
        }
        else
        {
            error = "dkim= is not a hyphenated word";
            return false;
        }

        error = null;
        return count > 0;
    }

    // hyphenated-word = ALPHA [ *(ALPHA / DIGIT / "-") (ALPHA / DIGIT) ]   (RFC 4871 §3.2)
    private static bool IsHyphenatedWord(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || !char.IsAsciiLetter(word[0]) || word[^1] == '-')
        {
            return false;
        }

        foreach (char c in word)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
