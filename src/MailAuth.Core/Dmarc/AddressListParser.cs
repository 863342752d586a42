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
/// Cost: one pass over the text (comments, quoted strings and literals are skipped once; each mailbox's text is copied
/// once), so linear in the field length; the caller can stop early after any mailbox.
/// </summary>
internal sealed class AddressListParser
{
    private readonly string _text;
    private readonly Func<string, string?, bool> _onMailbox;
    private readonly StringBuilder _plain = new();   // the current mailbox's text outside angle brackets
    private readonly StringBuilder _angle = new();   // the current mailbox's text inside angle brackets
    private bool _hasAngle;
    private bool _inAngle;
    private bool _stopped;

    /// <param name="text">The field value.</param>
    /// <param name="onMailbox">Called with each mailbox (its address and domain, <see langword="null"/> when it has none); returns <see langword="false"/> to stop parsing.</param>
    public AddressListParser(string text, Func<string, string?, bool> onMailbox)
    {
        _text = text;
        _onMailbox = onMailbox;
    }

    /// <summary>Parses the list, calling back per mailbox; <see langword="true"/> also when the callback stopped it early.</summary>
    public bool TryParse(out string? error)
    {
        int i = 0;
        while (i < _text.Length && !_stopped)
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

        if (_stopped)
        {
            error = null;
            return true;
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

        _stopped = !_onMailbox(address, domain);
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
