using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MailAuth.AuthResults;

/// <summary>
/// Parser of RFC 8601 §2.2 Authentication-Results field values. Lenient where real receivers are (comments
/// anywhere, a trailing ";", empty resinfos, properties without ptype, unquoted values with tspecials such as base64),
/// strict where the meaning would be unclear (missing "=", unterminated comments or quotes, control characters).
/// </summary>
internal ref struct AuthResultsParser
{
    private readonly ReadOnlySpan<char> _s;
    private readonly bool _lenient;
    private int _pos;
    private AuthResultsParseError? _error;
    private List<AuthResultsParseError>? _skipped;

    public AuthResultsParser(ReadOnlySpan<char> text, AuthResultsParseMode mode = AuthResultsParseMode.Strict)
    {
        _s = text;
        _lenient = mode == AuthResultsParseMode.Lenient;
        _pos = 0;
        _error = null;
        _skipped = null;
    }

    /// <summary>What lenient parsing skipped, in order (empty in strict mode).</summary>
    public readonly IReadOnlyList<AuthResultsParseError> Skipped => _skipped ?? (IReadOnlyList<AuthResultsParseError>)[];

    private readonly bool AtEnd => _pos >= _s.Length;

    private readonly char Peek => _pos < _s.Length ? _s[_pos] : '\0';

    /// <summary>Reads the authserv-id at the start of a field value (after CFWS), without parsing the rest.</summary>
    public bool TryReadAuthServId(out string authServId)
    {
        SkipFieldName(AuthResultsHeader.FieldName);
        authServId = "";
        return SkipCfws(out _) && TryReadValue(out authServId) && authServId.Length > 0;
    }

    public bool TryParse([NotNullWhen(true)] out AuthResultsHeader? value, [NotNullWhen(false)] out AuthResultsParseError? error)
    {
        SkipFieldName(AuthResultsHeader.FieldName);
        value = ParseField();
        error = value is null ? _error ?? new AuthResultsParseError("invalid Authentication-Results", _pos) : null;
        return value is not null;
    }

    // arc-authres-header = "ARC-Authentication-Results:" [CFWS] arc-info ; arc-info = instance [CFWS] ";" authres-payload
    // instance = [CFWS] %s"i" [CFWS] "=" [CFWS] position   (RFC 8617 §3.9, §4.1.1)
    public bool TryParseArc(out int instance, [NotNullWhen(true)] out AuthResultsHeader? value, [NotNullWhen(false)] out AuthResultsParseError? error)
    {
        SkipFieldName(AuthResultsHeader.ArcFieldName);
        instance = 0;
        value = null;
        if (SkipCfws(out _) && Expect('i', "'i=' expected") && SkipCfws(out _) && Expect('=', "'=' expected after 'i'") && SkipCfws(out _))
        {
            if (!char.IsAsciiDigit(Peek))
            {
                FailBool("instance number expected", _pos);
            }
            else
            {
                // position = 1*2DIGIT ; 1 - 50 (RFC 8617 §4.2.1)
                int start = _pos;
                if (TryReadNumber(out instance) && (instance is < 1 or > 50 || _pos - start > 2))
                {
                    instance = 0;
                    FailBool("instance must be 1-50 (RFC 8617 §4.2.1)", start);
                }
                else if (_error is null && SkipCfws(out _) && Expect(';', "';' expected after the instance"))
                {
                    value = ParseField();
                }
            }
        }

        error = value is null ? _error ?? new AuthResultsParseError("invalid ARC-Authentication-Results", _pos) : null;
        return value is not null;
    }

    private bool Expect(char c, string message)
    {
        if (Peek != c)
        {
            return FailBool(message, _pos);
        }

        _pos++;
        return true;
    }

    // authres-header = "Authentication-Results:" [CFWS] authserv-id [ CFWS authres-version ] ( no-result / 1*resinfo ) [CFWS] CRLF
    // Strict mode applies the grammar: one bad resinfo rejects the field. Lenient mode recovers at each ";": a resinfo
    // that does not parse is skipped and reported (offset and length), and a field that starts with a result has no
    // authserv-id (""). Either way a field with neither a result nor "none" is rejected.
    private AuthResultsHeader? ParseField()
    {
        if (!SkipCfws(out _))
        {
            return null;
        }

        int idAt = _pos;
        if (!TryReadValue(out string id))
        {
            return null;
        }

        if (id.Length == 0 || id.AsSpan().ContainsAny('\r', '\n'))
        {
            return Fail<AuthResultsHeader>("authserv-id expected", idAt);
        }

        if (!SkipCfws(out _))
        {
            return null;
        }

        // Lenient: "spf=pass ..." with no authserv-id; the value just read was a method.
        bool resInfoFirst = false;
        if (_lenient && Peek is '=' or '/')
        {
            Skip("no authserv-id: the field starts with a result", idAt, idAt, idAt);
            _pos = idAt;
            id = string.Empty;
            resInfoFirst = true;
        }

        int? version = null;
        if (!resInfoFirst && char.IsAsciiDigit(Peek))
        {
            if (!TryReadNumber(out int v) || !SkipCfws(out _))
            {
                return null;
            }

            version = v;
        }

        if (AtEnd)
        {
            return Fail<AuthResultsHeader>("';' expected after the authserv-id", _pos);
        }

        var results = new List<AuthMethodResult>();
        bool none = false;
        while (!AtEnd)
        {
            if (!resInfoFirst)
            {
                if (Peek != ';')
                {
                    if (!Recover("';' expected", _pos, _pos))
                    {
                        return null;
                    }

                    continue;
                }

                _pos++;
                int gapAt = _pos;
                if (!SkipCfws(out _))
                {
                    if (!Recover(null, gapAt, gapAt))
                    {
                        return null;
                    }

                    continue;
                }

                if (AtEnd || Peek == ';')
                {
                    continue;
                }
            }

            resInfoFirst = false;
            int resInfoAt = _pos;
            if (none)
            {
                if (!Recover("nothing may follow 'none'", resInfoAt, resInfoAt))
                {
                    return null;
                }

                continue;
            }

            string method = ReadKeyword();
            if (method.Length == 0)
            {
                if (!Recover("method expected", resInfoAt, resInfoAt))
                {
                    return null;
                }

                continue;
            }

            if (!SkipCfws(out _))
            {
                if (!Recover(null, resInfoAt, resInfoAt))
                {
                    return null;
                }

                continue;
            }

            // no-result = [CFWS] ";" [CFWS] "none"
            if (results.Count == 0 && (AtEnd || Peek == ';') && method.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                none = true;
                continue;
            }

            AuthMethodResult? result = ParseResInfo(method);
            if (result is null)
            {
                if (!Recover(null, resInfoAt, resInfoAt))
                {
                    return null;
                }

                continue;
            }

            results.Add(result);
        }

        // RFC 8601 §2.2: ( no-result / 1*resinfo ); "example.org;" has neither.
        if (results.Count == 0 && !none)
        {
            return Fail<AuthResultsHeader>(_skipped is null ? "a result or 'none' expected" : "no valid result", _pos);
        }

        return new AuthResultsHeader(id, results, version, allowEmptyAuthServId: true);
    }

    /// <summary>
    /// Strict: keeps the first error and returns false. Lenient: records what is skipped — from <paramref name="skipFrom"/>
    /// to the next ";" outside comments and quoted strings — with the problem, and returns true to go on from there.
    /// </summary>
    private bool Recover(string? message, int errorAt, int skipFrom)
    {
        if (!_lenient)
        {
            return message is null ? false : FailBool(message, errorAt);
        }

        AuthResultsParseError? inner = _error;
        _error = null;
        message ??= inner?.Message ?? "invalid result";
        errorAt = inner?.Offset ?? errorAt;
        _pos = skipFrom;
        SkipToSeparator();
        int end = _pos;
        while (end > skipFrom && _s[end - 1] is ' ' or '\t' or '\r' or '\n')
        {
            end--;
        }

        Skip(message, errorAt, skipFrom, end);
        return true;
    }

    private void Skip(string message, int errorAt, int from, int to)
    {
        string text = errorAt == from ? message : $"{message} (at offset {errorAt})";
        (_skipped ??= []).Add(new AuthResultsParseError(text, from, to - from));
    }

    // One pass to the next ";" at depth 0: quoted strings and (nested) comments are stepped over with their
    // quoted-pairs; an unterminated one runs to the end.
    private void SkipToSeparator()
    {
        int depth = 0;
        bool quoted = false;
        while (!AtEnd)
        {
            char c = _s[_pos];
            if (c == '\\')
            {
                _pos = Math.Min(_pos + 2, _s.Length);
                continue;
            }

            if (quoted)
            {
                quoted = c != '"';
            }
            else if (c == '"' && depth == 0)
            {
                quoted = true;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (c == ';' && depth == 0)
            {
                return;
            }

            _pos++;
        }
    }

    // resinfo = [CFWS] ";" methodspec [ CFWS reasonspec ] *( CFWS propspec )
    // methodspec = [CFWS] method [CFWS] "=" [CFWS] result ; method = Keyword [ [CFWS] "/" [CFWS] method-version ]
    private AuthMethodResult? ParseResInfo(string method)
    {
        int? methodVersion = null;
        if (Peek == '/')
        {
            _pos++;
            if (!SkipCfws(out _))
            {
                return null;
            }

            if (!char.IsAsciiDigit(Peek))
            {
                return Fail<AuthMethodResult>("method version expected", _pos);
            }

            if (!TryReadNumber(out int v) || !SkipCfws(out _))
            {
                return null;
            }

            methodVersion = v;
        }

        if (Peek != '=')
        {
            return Fail<AuthMethodResult>("'=' expected after the method", _pos);
        }

        _pos++;
        if (!SkipCfws(out _))
        {
            return null;
        }

        int resultAt = _pos;
        string result = ReadKeyword();
        if (result.Length == 0)
        {
            return Fail<AuthMethodResult>("result expected", resultAt);
        }

        if (!SkipCfws(out string? comment))
        {
            return null;
        }

        string? reason = null;
        var properties = new List<AuthResultProperty>();
        while (!AtEnd && Peek != ';')
        {
            // propspec = ptype [CFWS] "." [CFWS] property [CFWS] "=" pvalue ; reasonspec = "reason" [CFWS] "=" [CFWS] value
            int at = _pos;
            string type = ReadKeyword();
            if (type.Length == 0)
            {
                return Fail<AuthMethodResult>("property expected", at);
            }

            if (!SkipCfws(out _))
            {
                return null;
            }

            string name;
            if (Peek == '.')
            {
                _pos++;
                if (!SkipCfws(out _))
                {
                    return null;
                }

                int nameAt = _pos;
                name = ReadPropertyName();
                if (!AuthResultsSyntax.IsPropertyName(name))
                {
                    return Fail<AuthMethodResult>("property name expected", nameAt);
                }

                if (!SkipCfws(out _))
                {
                    return null;
                }
            }
            else
            {
                // "reason", or a property written without ptype (e.g. "action=none").
                name = type;
                type = "";
            }

            if (Peek != '=')
            {
                return Fail<AuthMethodResult>("'=' expected after the property", _pos);
            }

            _pos++;
            if (!SkipCfws(out _) || !TryReadPValue(out string value) || !SkipCfws(out string? propertyComment))
            {
                return null;
            }

            if (type.Length == 0 && name.Equals("reason", StringComparison.OrdinalIgnoreCase))
            {
                if (reason is not null)
                {
                    return Fail<AuthMethodResult>("duplicate reason", at);
                }

                reason = value;
                continue;
            }

            properties.Add(new AuthResultProperty(type, name, value, propertyComment));
        }

        return new AuthMethodResult(method, result, properties, reason, methodVersion, comment);
    }

    private void SkipFieldName(ReadOnlySpan<char> name)
    {
        if (_s.StartsWith(name, StringComparison.OrdinalIgnoreCase))
        {
            int p = name.Length;
            while (p < _s.Length && _s[p] is ' ' or '\t')
            {
                p++;
            }

            if (p < _s.Length && _s[p] == ':')
            {
                _pos = p + 1;
            }
        }
    }

    // CFWS = (1*([FWS] comment) [FWS]) / FWS ; line breaks are taken as whitespace (values may come unfolded or LF-only).
    private bool SkipCfws(out string? firstComment)
    {
        firstComment = null;
        while (!AtEnd)
        {
            char c = Peek;
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                _pos++;
            }
            else if (c == '(')
            {
                if (!TryReadComment(out string comment))
                {
                    return false;
                }

                firstComment ??= comment;
            }
            else
            {
                break;
            }
        }

        return true;
    }

    // comment = "(" *([FWS] ccontent) [FWS] ")" ; ccontent = ctext / quoted-pair / comment
    private bool TryReadComment(out string content) => TryReadDelimited(')', nests: true, "unterminated comment", out content);

    // quoted-string = [CFWS] DQUOTE *([FWS] qcontent) [FWS] DQUOTE ; unfolding removes the CRLFs, keeps the WSP
    private bool TryReadQuoted(out string content) => TryReadDelimited('"', nests: false, "unterminated quoted string", out content);

    // Reads from the opening "(" or DQUOTE at _pos to the matching close, unescaping quoted-pairs; nested comments
    // keep their parentheses in the content.
    private bool TryReadDelimited(char close, bool nests, string unterminated, out string content)
    {
        int start = _pos++;
        int depth = 1;
        var sb = new StringBuilder();
        content = "";
        while (!AtEnd)
        {
            char c = _s[_pos];
            if (c == '\\' && _pos + 1 < _s.Length && _s[_pos + 1] is not '\r' and not '\n')
            {
                // quoted-pair = "\" (VCHAR / WSP)
                c = _s[++_pos];
            }
            else if (nests && c == '(' && ++depth > AuthResultsHeader.MaxCommentDepth)
            {
                return FailBool($"comments nested deeper than {AuthResultsHeader.MaxCommentDepth}", _pos);
            }
            else if (c == close && --depth == 0)
            {
                _pos++;
                content = sb.ToString();
                return true;
            }

            if (!Append(sb, c))
            {
                return false;
            }

            _pos++;
        }

        return FailBool(unterminated, start);
    }

    private bool Append(StringBuilder sb, char c)
    {
        if (c is '\r' or '\n')
        {
            return true;
        }

        if (AuthResultsSyntax.IsForbiddenControl(c))
        {
            return FailBool("control character", _pos);
        }

        sb.Append(c);
        return true;
    }

    // value = token / quoted-string (RFC 2045 §5.1)
    private bool TryReadValue(out string value)
    {
        if (Peek == '"')
        {
            return TryReadQuoted(out value);
        }

        int start = _pos;
        while (!AtEnd && AuthResultsSyntax.IsTokenChar(Peek))
        {
            _pos++;
        }

        value = _s[start.._pos].ToString();
        return true;
    }

    // pvalue = [CFWS] ( value / [ [ local-part ] "@" ] domain-name ) [CFWS]; unquoted runs may hold tspecials (base64, "/").
    private bool TryReadPValue(out string value)
    {
        int start = _pos;
        if (Peek == '"')
        {
            if (!TryReadQuoted(out value))
            {
                return false;
            }

            if (Peek != '@')
            {
                return true;
            }

            // A quoted local-part: keep the address as written.
            if (!TryReadRun())
            {
                return false;
            }

            value = _s[start.._pos].ToString().Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
            return true;
        }

        bool ok = TryReadRun();
        value = _s[start.._pos].ToString();
        return ok;
    }

    private bool TryReadRun()
    {
        while (!AtEnd)
        {
            char c = Peek;
            if (c is ' ' or '\t' or '\r' or '\n' or ';' or '(' or '"')
            {
                break;
            }

            if (AuthResultsSyntax.IsForbiddenControl(c))
            {
                return FailBool("control character", _pos);
            }

            _pos++;
        }

        return true;
    }

    private string ReadKeyword()
    {
        int start = _pos;
        while (!AtEnd && AuthResultsSyntax.IsKeywordChar(Peek))
        {
            _pos++;
        }

        return _s[start.._pos].ToString();
    }

    private string ReadPropertyName()
    {
        int start = _pos;
        while (!AtEnd && (AuthResultsSyntax.IsKeywordChar(Peek) || Peek == '.'))
        {
            _pos++;
        }

        return _s[start.._pos].ToString();
    }

    // 1*DIGIT
    private bool TryReadNumber(out int number)
    {
        int start = _pos;
        while (!AtEnd && char.IsAsciiDigit(Peek))
        {
            _pos++;
        }

        if (!int.TryParse(_s[start.._pos], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number))
        {
            return FailBool("version number too large", start);
        }

        return true;
    }

    private T? Fail<T>(string message, int offset)
        where T : class
    {
        _error ??= new AuthResultsParseError(message, offset);
        return null;
    }

    private bool FailBool(string message, int offset)
    {
        _error ??= new AuthResultsParseError(message, offset);
        return false;
    }
}
