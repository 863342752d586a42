using System.Text;

namespace MailAuth.Dmarc;

/// <summary>
/// A forgiving RFC 5322 §3.4 address-list reader that only needs the domain of each mailbox:
/// <code>
/// mailbox    = name-addr / addr-spec        name-addr = [display-name] angle-addr
/// angle-addr = [CFWS] "&lt;" [obs-route] addr-spec "&gt;" [CFWS]
/// group      = display-name ":" [group-list] ";" [CFWS]      (RFC 6854 allows groups in From)
/// addr-spec  = local-part "@" domain
/// </code>
/// Comments (nested, with quoted-pairs), quoted strings and domain literals are skipped as units, so "@", "," and "&lt;"
/// inside them do not count.
/// </summary>
internal sealed class AddressListParser
{
    private readonly string _text;
    private readonly List<(string Address, string? Domain)> _mailboxes = [];
    private readonly StringBuilder _plain = new();   // the current mailbox's text outside angle brackets
    private readonly StringBuilder _angle = new();   // the current mailbox's text inside angle brackets
    private bool _hasAngle;
    private bool _inAngle;

    public AddressListParser(string text) => _text = text;

    public bool TryParse(out List<(string Address, string? Domain)> mailboxes, out string? error)
    {
        mailboxes = _mailboxes;
        int i = 0;
        while (i < _text.Length)
        {
            char c = _text[i];
            switch (c)
            {
                case '(':
                    if (!SkipComment(ref i))
                    {
                        error = "unbalanced comment";
                        return false;
                    }

                    continue;
                case '"':
                    int endQuote = SkipQuoted(i);
                    if (endQuote < 0)
                    {
                        error = "unterminated quoted string";
                        return false;
                    }

                    Current.Append(_text, i, endQuote - i);
                    i = endQuote;
                    continue;
                case '[':
                    int endLiteral = _text.IndexOf(']', i);
                    if (endLiteral < 0)
                    {
                        error = "unterminated domain literal";
                        return false;
                    }

                    Current.Append(_text, i, endLiteral + 1 - i);
                    i = endLiteral + 1;
                    continue;
                case '<':
                    if (_inAngle)
                    {
                        error = "nested '<'";
                        return false;
                    }

                    _inAngle = true;
                    _hasAngle = true;
                    _angle.Clear();
                    break;
                case '>':
                    if (!_inAngle)
                    {
                        error = "unbalanced '>'";
                        return false;
                    }

                    _inAngle = false;
                    break;
                case ':':
                    if (_inAngle)
                    {
                        _angle.Clear(); // end of obs-route "@a,@b:"
                    }
                    else
                    {
                        _plain.Clear(); // a group's display name
                        _hasAngle = false;
                    }

                    break;
                case ',':
                    if (!_inAngle)
                    {
                        FinishMailbox();
                    }

                    break;
                case ';':
                    if (!_inAngle)
                    {
                        FinishMailbox(); // end of group
                    }

                    break;
                case ' ' or '\t' or '\r' or '\n':
                    break;
                default:
                    Current.Append(c);
                    break;
            }

            i++;
        }

        if (_inAngle)
        {
            error = "unterminated '<'";
            return false;
        }

        FinishMailbox();
        error = null;
        return true;
    }

    private StringBuilder Current => _inAngle ? _angle : _plain;

    private void FinishMailbox()
    {
        string address = (_hasAngle ? _angle : _plain).ToString();
        _plain.Clear();
        _angle.Clear();
        _hasAngle = false;
        if (address.Length == 0)
        {
            return; // obs-mbox-list allows empty elements
        }

        int at = LastAtOutsideQuotes(address);
        string? domain = at < 0 ? null : address[(at + 1)..];
        if (domain is not null && (domain.Length == 0 || domain[0] == '[' || domain.Contains('"', StringComparison.Ordinal)))
        {
            domain = null;
        }

        _mailboxes.Add((address, domain));
    }

    private static int LastAtOutsideQuotes(string address)
    {
        bool quoted = false;
        int last = -1;
        for (int i = 0; i < address.Length; i++)
        {
            char c = address[i];
            if (c == '\\' && quoted)
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '@' && !quoted)
            {
                last = i;
            }
        }

        return last;
    }

    private bool SkipComment(ref int i)
    {
        int depth = 0;
        for (; i < _text.Length; i++)
        {
            char c = _text[i];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                i++;
                return true;
            }
        }

        return false;
    }

    // Returns the index after the closing quote, or -1.
    private int SkipQuoted(int i)
    {
        for (i++; i < _text.Length; i++)
        {
            char c = _text[i];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                return i + 1;
            }
        }

        return -1;
    }
}
