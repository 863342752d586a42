using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailAuth.Text;

namespace MailAuth.Dns;

/// <summary>
/// Reads RFC 1035 §5 master files: <c>$ORIGIN</c>, <c>$TTL</c> (RFC 2308 §4), '@', relative names,
/// blank owner (previous owner), parenthesised multi-line records, ';' comments, quoted character-strings
/// with <c>\"</c>, <c>\\</c> and <c>\DDD</c> escapes, and the types A, AAAA, MX, TXT, SPF, PTR, CNAME, NS, SOA.
/// Every error is a <see cref="ZoneFileFormatException"/> with the line number; nothing else is thrown for any input.
/// </summary>
internal sealed class ZoneFileParser
{
    // RFC 1035 §3.3.14: <character-string> is a length octet followed by that many octets.
    private const int MaxCharacterString = 255;

    // RFC 2181 §8: TTLs are unsigned 31-bit values.
    private const long MaxTtlSeconds = int.MaxValue;

    private readonly string _text;
    private readonly string? _source;
    private readonly List<ZoneEntry> _entries = [];
    private readonly List<Token> _tokens = [];
    private string? _origin;
    private TimeSpan? _defaultTtl;
    private TimeSpan? _lastTtl;
    private string? _lastOwner;

    private ZoneFileParser(string text, string? origin, string? source)
    {
        _text = text;
        _source = source;
        if (origin is not null)
        {
            _origin = ParseName(origin, 0, allowRelative: false, absoluteWithoutDot: true);
        }
    }

    /// <summary>The TTL used when a record has none and no <c>$TTL</c> or earlier TTL applies (BIND and NSD use the same).</summary>
    public static TimeSpan FallbackTtl { get; } = TimeSpan.FromHours(1);

    /// <summary>Parses a whole master file.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="origin">The initial origin (the zone name), or <see langword="null"/> when the file sets <c>$ORIGIN</c> itself.</param>
    /// <param name="source">The file name for messages.</param>
    /// <returns>The records in file order.</returns>
    /// <exception cref="ZoneFileFormatException">A line is malformed.</exception>
    public static List<ZoneEntry> Parse(string text, string? origin, string? source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new ZoneFileParser(text, origin, source);
        parser.Run();
        return parser._entries;
    }

    private void Run()
    {
        string text = _text;
        int line = 1;
        int depth = 0;
        int parenLine = 0;
        bool atLineStart = true;
        bool ownerBlank = false;
        int logicalLine = 1;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                if (depth == 0)
                {
                    EndLogicalLine(ownerBlank, logicalLine);
                    atLineStart = true;
                }

                line++;
                i++;
                continue;
            }

            if (atLineStart)
            {
                ownerBlank = c is ' ' or '\t';
                logicalLine = line;
                atLineStart = false;
            }

            switch (c)
            {
                case ' ' or '\t' or '\r':
                    i++;
                    break;
                case ';':
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    break;
                case '(':
                    if (depth == 0)
                    {
                        parenLine = line;
                    }

                    depth++;
                    i++;
                    break;
                case ')':
                    if (depth == 0)
                    {
                        throw Error("')' without a matching '('", line);
                    }

                    depth--;
                    i++;
                    break;
                case '"':
                    i = ReadQuoted(i + 1, line);
                    break;
                default:
                    i = ReadUnquoted(i, line);
                    break;
            }
        }

        if (depth > 0)
        {
            throw Error("'(' is never closed", parenLine);
        }

        EndLogicalLine(ownerBlank, logicalLine);
    }

    private int ReadQuoted(int i, int line)
    {
        var bytes = new List<byte>();
        while (true)
        {
            if (i >= _text.Length || _text[i] == '\n')
            {
                throw Error("unterminated quoted string", line);
            }

            char c = _text[i];
            if (c == '"')
            {
                _tokens.Add(new Token(null, bytes.ToArray(), Quoted: true, line));
                return i + 1;
            }

            i = c == '\\' ? ReadEscape(i, line, bytes) : AppendUtf8(i, bytes);
        }
    }

    private int ReadUnquoted(int i, int line)
    {
        int start = i;
        var bytes = new List<byte>();
        bool escaped = false;
        while (i < _text.Length)
        {
            char c = _text[i];
            if (c is ' ' or '\t' or '\r' or '\n' or ';' or '(' or ')' or '"')
            {
                break;
            }

            if (c == '\\')
            {
                escaped = true;
                i = ReadEscape(i, line, bytes);
            }
            else
            {
                i = AppendUtf8(i, bytes);
            }
        }

        _tokens.Add(new Token(escaped ? null : _text[start..i], bytes.ToArray(), Quoted: false, line));
        return i;
    }

    // RFC 1035 §5.1: \X is the character X; \DDD is the octet with decimal value DDD.
    private int ReadEscape(int i, int line, List<byte> bytes)
    {
        i++;
        if (i >= _text.Length || _text[i] is '\n' or '\r')
        {
            throw Error("'\\' at the end of a line", line);
        }

        if (char.IsAsciiDigit(_text[i]))
        {
            if (i + 2 >= _text.Length || !char.IsAsciiDigit(_text[i + 1]) || !char.IsAsciiDigit(_text[i + 2]))
            {
                throw Error("'\\' followed by a digit needs exactly three digits (\\DDD)", line);
            }

            int value = ((_text[i] - '0') * 100) + ((_text[i + 1] - '0') * 10) + (_text[i + 2] - '0');
            if (value > 255)
            {
                throw Error($"escape \\{_text.AsSpan(i, 3)} is above 255", line);
            }

            bytes.Add((byte)value);
            return i + 3;
        }

        return AppendUtf8(i, bytes);
    }

    private int AppendUtf8(int i, List<byte> bytes)
    {
        char c = _text[i];
        if (c < 0x80)
        {
            bytes.Add((byte)c);
            return i + 1;
        }

        int length = char.IsHighSurrogate(c) && i + 1 < _text.Length && char.IsLowSurrogate(_text[i + 1]) ? 2 : 1;
        Span<byte> buffer = stackalloc byte[4];
        // A lone surrogate becomes U+FFFD, as Encoding.UTF8 does.
        int n = Encoding.UTF8.GetBytes(_text.AsSpan(i, length), buffer);
        for (int k = 0; k < n; k++)
        {
            bytes.Add(buffer[k]);
        }

        return i + length;
    }

    private void EndLogicalLine(bool ownerBlank, int line)
    {
        if (_tokens.Count == 0)
        {
            return;
        }

        try
        {
            ParseLogicalLine(ownerBlank, line);
        }
        finally
        {
            _tokens.Clear();
        }
    }

    private void ParseLogicalLine(bool ownerBlank, int line)
    {
        int index = 0;
        Token first = _tokens[0];
        if (!ownerBlank && !first.Quoted && first.Text is { } directive && directive.StartsWith('$'))
        {
            ParseDirective(directive, line);
            return;
        }

        string owner;
        if (ownerBlank)
        {
            owner = _lastOwner ?? throw Error("a record with a blank owner needs an earlier record to take the owner from", line);
        }
        else
        {
            owner = ParseName(NameText(first), line, allowRelative: true, absoluteWithoutDot: false);
            index = 1;
        }

        TimeSpan? ttl = null;
        bool sawClass = false;
        while (index < _tokens.Count && (ttl is null || !sawClass))
        {
            string? word = _tokens[index].Quoted ? null : _tokens[index].Text;
            if (word is null)
            {
                break;
            }

            if (!sawClass && word.Equals("IN", StringComparison.OrdinalIgnoreCase))
            {
                sawClass = true;
            }
            else if (!sawClass && word.ToUpperInvariant() is "CH" or "CS" or "HS")
            {
                throw Error($"class {word} is not supported (only IN)", line);
            }
            else if (ttl is null && word.Length > 0 && char.IsAsciiDigit(word[0]))
            {
                ttl = ParseTtl(word, line);
            }
            else
            {
                break;
            }

            index++;
        }

        if (index >= _tokens.Count)
        {
            throw Error("record type missing", line);
        }

        Token typeToken = _tokens[index++];
        string typeName = typeToken.Quoted || typeToken.Text is null ? "\"...\"" : typeToken.Text;
        DnsRecordType type = typeName.ToUpperInvariant() switch
        {
            "A" => DnsRecordType.A,
            "AAAA" => DnsRecordType.Aaaa,
            "MX" => DnsRecordType.Mx,
            "TXT" => DnsRecordType.Txt,
            "SPF" => DnsRecordType.Spf,
            "PTR" => DnsRecordType.Ptr,
            "CNAME" => DnsRecordType.Cname,
            "NS" => DnsRecordType.Ns,
            "SOA" => DnsRecordType.Soa,
            _ => throw Error($"unsupported record type '{typeName}' (supported: A, AAAA, MX, TXT, SPF, PTR, CNAME, NS, SOA)", line),
        };

        if (ttl is not null)
        {
            _lastTtl = ttl;
        }

        TimeSpan effectiveTtl = ttl ?? _defaultTtl ?? _lastTtl ?? FallbackTtl;
        object data = ParseData(type, index, line);
        if (type == DnsRecordType.Soa && ttl is null && _defaultTtl is null && _lastTtl is null)
        {
            // RFC 1035 §5.2 / RFC 2308 §4: without $TTL, the SOA MINIMUM was the default TTL.
            effectiveTtl = ((ZoneSoa)data).Minimum;
        }

        _lastOwner = owner;
        _entries.Add(new ZoneEntry(owner, type, effectiveTtl, data, line));
    }

    private void ParseDirective(string directive, int line)
    {
        switch (directive.ToUpperInvariant())
        {
            case "$ORIGIN":
                ExpectCount(2, "$ORIGIN takes one absolute domain name", line);
                _origin = ParseName(NameText(_tokens[1]), line, allowRelative: true, absoluteWithoutDot: false);
                break;
            case "$TTL":
                ExpectCount(2, "$TTL takes one TTL value", line);
                _defaultTtl = ParseTtl(WordText(_tokens[1], line), line);
                break;
            case "$INCLUDE":
                throw Error("$INCLUDE is not supported; load each file separately", line);
            default:
                throw Error($"unknown directive {directive}", line);
        }
    }

    private object ParseData(DnsRecordType type, int index, int line)
    {
        int count = _tokens.Count - index;
        switch (type)
        {
            case DnsRecordType.A:
                ExpectData(count, 1, "A", "one IPv4 address", line);
                return ParseIPv4(WordText(_tokens[index], line), line);
            case DnsRecordType.Aaaa:
                ExpectData(count, 1, "AAAA", "one IPv6 address", line);
                return ParseIPv6(WordText(_tokens[index], line), line);
            case DnsRecordType.Mx:
                ExpectData(count, 2, "MX", "a preference and an exchange name", line);
                string preference = WordText(_tokens[index], line);
                if (!ushort.TryParse(preference, NumberStyles.None, CultureInfo.InvariantCulture, out ushort value))
                {
                    throw Error($"MX preference '{preference}' is not a number from 0 to 65535", line);
                }

                return new MxRecord(value, ParseName(NameText(_tokens[index + 1]), line, allowRelative: true, absoluteWithoutDot: false));
            case DnsRecordType.Txt or DnsRecordType.Spf:
                if (count == 0)
                {
                    throw Error($"{type.ToString().ToUpperInvariant()} needs at least one character-string", line);
                }

                var strings = new string[count];
                for (int k = 0; k < count; k++)
                {
                    byte[] bytes = _tokens[index + k].Bytes;
                    if (bytes.Length > MaxCharacterString)
                    {
                        throw Error($"character-string {k + 1} is {bytes.Length} octets; the limit is {MaxCharacterString} (split it into several quoted strings)", line);
                    }

                    strings[k] = Encoding.UTF8.GetString(bytes);
                }

                return new TxtRecord(strings);
            case DnsRecordType.Ptr or DnsRecordType.Cname or DnsRecordType.Ns:
                ExpectData(count, 1, type.ToString().ToUpperInvariant(), "one domain name", line);
                return ParseName(NameText(_tokens[index]), line, allowRelative: true, absoluteWithoutDot: false);
            default:
                ExpectData(count, 7, "SOA", "MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM", line);
                string mname = ParseName(NameText(_tokens[index]), line, allowRelative: true, absoluteWithoutDot: false);
                string rname = ParseName(NameText(_tokens[index + 1]), line, allowRelative: true, absoluteWithoutDot: false);
                string serialText = WordText(_tokens[index + 2], line);
                if (!uint.TryParse(serialText, NumberStyles.None, CultureInfo.InvariantCulture, out uint serial))
                {
                    throw Error($"SOA serial '{serialText}' is not a 32-bit unsigned number", line);
                }

                for (int k = 3; k < 6; k++)
                {
                    ParseTtl(WordText(_tokens[index + k], line), line);
                }

                return new ZoneSoa(mname, rname, serial, ParseTtl(WordText(_tokens[index + 6], line), line));
        }
    }

    private void ExpectCount(int count, string message, int line)
    {
        if (_tokens.Count != count)
        {
            throw Error(message, line);
        }
    }

    private void ExpectData(int count, int expected, string type, string what, int line)
    {
        if (count != expected)
        {
            throw Error($"{type} needs {what}; found {count} field(s)", line);
        }
    }

    private string WordText(Token token, int line)
    {
        return token.Quoted || token.Text is null
            ? throw Error("a quoted or escaped value is not allowed here", line)
            : token.Text;
    }

    private string NameText(Token token)
    {
        return token.Quoted || token.Text is null
            ? throw Error("quoted or escaped domain names are not supported", token.Line)
            : token.Text;
    }

    private string ParseName(string text, int line, bool allowRelative, bool absoluteWithoutDot)
    {
        string full;
        if (text == "@")
        {
            full = _origin ?? throw Error("'@' used before any $ORIGIN (pass the zone name as origin)", line);
        }
        else if (text.EndsWith('.') || absoluteWithoutDot)
        {
            full = text;
        }
        else if (!allowRelative)
        {
            throw Error($"'{text}' must be an absolute name", line);
        }
        else
        {
            full = _origin is null
                ? throw Error($"relative name '{text}' used before any $ORIGIN (end it with '.' or set $ORIGIN)", line)
                : text + "." + _origin;
        }

        return DomainName.TryCreateQueryName(full, out DomainName normalized, out string? error)
            ? normalized.Value
            : throw Error($"bad domain name '{text}': {error}", line);
    }

    // RFC 2308 §4 TTL, with the BIND/NSD unit suffixes (1w2d3h4m5s) that zone files commonly use.
    private TimeSpan ParseTtl(string text, int line)
    {
        long total = 0;
        long number = -1;
        bool sawUnit = false;
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number = number < 0 ? c - '0' : (number * 10) + (c - '0');
                if (number > MaxTtlSeconds)
                {
                    throw Error($"TTL '{text}' is larger than {MaxTtlSeconds} seconds", line);
                }

                continue;
            }

            long unit = char.ToLowerInvariant(c) switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 604800,
                _ => -1,
            };
            if (unit < 0 || number < 0)
            {
                throw Error($"'{text}' is not a TTL (seconds, or units like 1h30m)", line);
            }

            total += number * unit;
            number = -1;
            sawUnit = true;
            if (total > MaxTtlSeconds)
            {
                throw Error($"TTL '{text}' is larger than {MaxTtlSeconds} seconds", line);
            }
        }

        if (number >= 0)
        {
            total += number;
        }
        else if (!sawUnit)
        {
            throw Error($"'{text}' is not a TTL", line);
        }

        return total > MaxTtlSeconds
            ? throw Error($"TTL '{text}' is larger than {MaxTtlSeconds} seconds", line)
            : TimeSpan.FromSeconds(total);
    }

    // RFC 1035 §3.4.1 presentation form: exactly four decimal octets.
    private IPAddress ParseIPv4(string text, int line)
    {
        Span<byte> octets = stackalloc byte[4];
        int part = 0;
        int value = -1;
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                value = value < 0 ? c - '0' : (value * 10) + (c - '0');
                if (value > 255)
                {
                    throw Error($"'{text}' is not an IPv4 address", line);
                }
            }
            else if (c == '.' && value >= 0 && part < 3)
            {
                octets[part++] = (byte)value;
                value = -1;
            }
            else
            {
                throw Error($"'{text}' is not an IPv4 address", line);
            }
        }

        if (part != 3 || value < 0)
        {
            throw Error($"'{text}' is not an IPv4 address", line);
        }

        octets[3] = (byte)value;
        return new IPAddress(octets);
    }

    private IPAddress ParseIPv6(string text, int line)
    {
        return text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
            && IPAddress.TryParse(text, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? address
            : throw Error($"'{text}' is not an IPv6 address", line);
    }

    private ZoneFileFormatException Error(string reason, int line) => new(reason, line, _source);

    /// <summary>One field of a logical line.</summary>
    /// <param name="Text">The field as written, or <see langword="null"/> when it was quoted or contained escapes.</param>
    /// <param name="Bytes">The octets after escape processing (text as UTF-8).</param>
    /// <param name="Quoted">Whether the field was a quoted string.</param>
    /// <param name="Line">The physical line the field is on.</param>
    private readonly record struct Token(string? Text, byte[] Bytes, bool Quoted, int Line);
}
