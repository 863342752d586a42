using System.Text;

namespace MailAuth.AuthResults;

/// <summary>Character classes and quoting of RFC 8601 §2.2 (with RFC 2045 §5.1 <c>value</c>, RFC 5322 §3.2 comments).</summary>
internal static class AuthResultsSyntax
{
    // tspecials := "(" / ")" / "<" / ">" / "@" / "," / ";" / ":" / "\" / <"> / "/" / "[" / "]" / "?" / "="   (RFC 2045 §5.1)
    private const string TSpecials = "()<>@,;:\\\"/[]?=";

    // atext (RFC 5322 §3.2.3) plus "." for dot-atom-text.
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~.";

    /// <summary>token := 1*&lt;any (US-ASCII) CHAR except SPACE, CTLs, or tspecials&gt;.</summary>
    public static bool IsTokenChar(char c) => c > ' ' && c < '\x7f' && !TSpecials.Contains(c);

    /// <summary>Keyword (RFC 5321 §4.1.2 Ldh-str), accepting "_" as seen in the wild.</summary>
    public static bool IsKeywordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    /// <summary>A character that may not appear in any text the formatter writes: CTLs other than HTAB.</summary>
    public static bool IsForbiddenControl(char c) => (c < ' ' && c != '\t') || c == '\x7f';

    /// <summary>Whether <paramref name="s"/> is a non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    /// <summary>Whether <paramref name="s"/> is a non-empty Keyword.</summary>
    public static bool IsKeyword(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!IsKeywordChar(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    /// <summary>A property name: Keyword characters and inner dots (e.g. <c>mailfrom</c>, <c>d</c>, <c>rules.x</c>).</summary>
    public static bool IsPropertyName(ReadOnlySpan<char> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '.' ? i == 0 || i == s.Length - 1 || s[i - 1] == '.' : !IsKeywordChar(s[i]))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    /// <summary><c>[ [ local-part ] "@" ] domain-name</c> with a dot-atom local-part: written without quotes.</summary>
    public static bool IsAddress(ReadOnlySpan<char> s)
    {
        int at = s.IndexOf('@');
        if (at < 0 || s[(at + 1)..].Contains('@'))
        {
            return false;
        }

        ReadOnlySpan<char> local = s[..at];
        ReadOnlySpan<char> domain = s[(at + 1)..];
        foreach (char c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !AtextSpecials.Contains(c))
            {
                return false;
            }
        }

        if (domain.IsEmpty || domain[0] == '.' || domain[^1] == '.' || (!local.IsEmpty && (local[0] == '.' || local[^1] == '.')))
        {
            return false;
        }

        foreach (char c in domain)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>value := token / quoted-string</c>: the token as is, otherwise a quoted-string.</summary>
    public static string Value(string s) => IsToken(s) ? s : Quote(s);

    /// <summary>A quoted-string (RFC 5322 §3.2.4) with <c>\</c> and <c>"</c> escaped.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    /// <summary>A comment (RFC 5322 §3.2.2) with <c>\</c>, <c>(</c> and <c>)</c> escaped.</summary>
    public static string Comment(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('(');
        foreach (char c in s)
        {
            if (c is '(' or ')' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append(')').ToString();
    }

    /// <summary>Throws when <paramref name="s"/> has a character the header cannot carry.</summary>
    public static void ThrowIfControl(string s, string paramName)
    {
        foreach (char c in s)
        {
            if (IsForbiddenControl(c))
            {
                throw new ArgumentException("Control characters (other than HTAB) cannot be written in a header field.", paramName);
            }
        }
    }
}
