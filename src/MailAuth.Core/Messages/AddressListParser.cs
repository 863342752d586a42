using System.Text;

namespace MailAuth.Messages;

/// <summary>One mailbox read by <see cref="AddressListParser"/>.</summary>
/// <param name="Address">
/// The addr-spec: the text inside the angle brackets when there are any (obs-route removed), else the mailbox text;
/// comments dropped, runs of white space outside quoted strings collapsed to one space, trimmed.
/// </param>
/// <param name="Domain">
/// The text after the last "@" outside quoted strings, white space removed (RFC 5322 §4.4 obs-domain allows CFWS
/// around the dots); <see langword="null"/> when there is none, it is a domain literal, or it holds a quote.
/// </param>
/// <param name="AngleCount">How many "&lt;" the mailbox holds (an addr-spec has none, a name-addr one).</param>
/// <param name="InGroup"><see langword="true"/> when the mailbox is inside a group (RFC 5322 §3.4, RFC 6854).</param>
internal readonly record struct AddressListMailbox(string Address, string? Domain, int AngleCount, bool InGroup);

/// <summary>
/// The one forgiving RFC 5322 §3.4 address-list reader (DMARC author domains, Sender ID's PRA):
/// <code>
/// mailbox    = name-addr / addr-spec        name-addr = [display-name] angle-addr
/// angle-addr = [CFWS] "&lt;" [obs-route] addr-spec "&gt;" [CFWS]
/// group      = display-name ":" [group-list] ";" [CFWS]      (RFC 6854 allows groups in From)
/// addr-spec  = local-part "@" domain
/// </code>
/// Comments (nested, with quoted-pairs), quoted strings and domain literals are skipped as units, so "@", "," and "&lt;"
/// inside them do not count.
/// Cost: one pass over the text (comments, quoted strings and literals are skipped once; each mailbox's text is copied
/// once, then scanned once for its "@"), so time and allocation are linear in the field length; the callback can stop
/// the parse after any mailbox.
/// </summary>
internal sealed class AddressListParser
{
    private readonly string _text;
    private readonly Func<AddressListMailbox, bool> _onMailbox;
    private readonly StringBuilder _plain = new();   // the current mailbox's text outside angle brackets
    private readonly StringBuilder _angle = new();   // the current mailbox's text inside angle brackets
    private int _angles;
    private bool _inAngle;
    private bool _inGroup;
    private bool _stopped;

    /// <param name="text">The field value.</param>
    /// <param name="onMailbox">Called with each mailbox; returns <see langword="false"/> to stop parsing.</param>
    public AddressListParser(string text, Func<AddressListMailbox, bool> onMailbox)
    {
        _text = text;
        _onMailbox = onMailbox;
    }

    /// <summary>Offset of the first group's ":" (outside angle brackets), or -1.</summary>
    public int FirstGroupOffset { get; private set; } = -1;

    /// <summary>Offset of the first list delimiter ("," or ";" outside angle brackets), or -1.</summary>
    public int FirstDelimiterOffset { get; private set; } = -1;

    /// <summary>Offset at which <see cref="TryParse"/> found its error, or -1.</summary>
    public int ErrorOffset { get; private set; } = -1;

    /// <summary>Parses the list, calling back per mailbox; <see langword="true"/> also when the callback stopped it early.</summary>
    /// <param name="error">The syntax problem, when the result is <see langword="false"/>.</param>
    /// <returns>Whether the text is a well-formed list (up to where the callback stopped).</returns>
    public bool TryParse(out string? error)
    {
        int i = 0;
        while (i < _text.Length && !_stopped)
        {
            char c = _text[i];
            switch (c)
            {
                case '(':
                    int start = i;
                    if (!SkipComment(ref i))
                    {
                        return Fail(start, "unbalanced comment", out error);
                    }

                    AppendSpace(); // a comment separates like white space (RFC 5322 §3.2.2 CFWS)
                    continue;
                case '"':
                    int endQuote = SkipQuoted(i);
                    if (endQuote < 0)
                    {
                        return Fail(i, "unterminated quoted string", out error);
                    }

                    Current.Append(_text, i, endQuote - i);
                    i = endQuote;
                    continue;
                case '[':
                    int endLiteral = _text.IndexOf(']', i);
                    if (endLiteral < 0)
                    {
                        return Fail(i, "unterminated domain literal", out error);
                    }

                    Current.Append(_text, i, endLiteral + 1 - i);
                    i = endLiteral + 1;
                    continue;
                case '<':
                    if (_inAngle)
                    {
                        return Fail(i, "nested '<'", out error);
                    }

                    _inAngle = true;
                    _angles++;
                    _angle.Clear();
                    break;
                case '>':
                    if (!_inAngle)
                    {
                        return Fail(i, "unbalanced '>'", out error);
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
                        _angles = 0;
                        _inGroup = true;
                        FirstGroupOffset = FirstGroupOffset < 0 ? i : FirstGroupOffset;
                    }

                    break;
                case ',' or ';':
                    if (!_inAngle)
                    {
                        FirstDelimiterOffset = FirstDelimiterOffset < 0 ? i : FirstDelimiterOffset;
                        FinishMailbox();
                        _inGroup &= c == ','; // ";" ends the group
                    }

                    break;
                case ' ' or '\t' or '\r' or '\n':
                    AppendSpace();
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
            return Fail(_text.Length, "unterminated '<'", out error);
        }

        FinishMailbox();
        error = null;
        return true;
    }

    private StringBuilder Current => _inAngle ? _angle : _plain;

    private bool Fail(int offset, string message, out string? error)
    {
        ErrorOffset = offset;
        error = message;
        return false;
    }

    private void AppendSpace()
    {
        StringBuilder current = Current;
        if (current.Length > 0 && current[^1] != ' ')
        {
            current.Append(' ');
        }
    }

    private void FinishMailbox()
    {
        string address = (_angles > 0 ? _angle : _plain).ToString().Trim();
        int angles = _angles;
        _plain.Clear();
        _angle.Clear();
        _angles = 0;
        if (address.Length == 0)
        {
            return; // obs-mbox-list allows empty elements
        }

        int at = LastAtOutsideQuotes(address);
        string? domain = at < 0 ? null : address[(at + 1)..];
        if (domain is not null && domain.Contains(' ', StringComparison.Ordinal))
        {
            domain = domain.Replace(" ", string.Empty, StringComparison.Ordinal);
        }

        if (domain is not null && (domain.Length == 0 || domain[0] == '[' || domain.Contains('"', StringComparison.Ordinal)))
        {
            domain = null;
        }

        _stopped = !_onMailbox(new AddressListMailbox(address, domain, angles, _inGroup));
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
