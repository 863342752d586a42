using System.Buffers;
using System.Runtime.CompilerServices;

namespace MailAuth.Text;

/// <summary>
/// Allocation-free reader of an RFC 6376 §3.2 tag-list (also DMARC records, RFC 7489 §6.4, and ARC, RFC 8617 §4.1):
/// <code>
/// tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
/// tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
/// tag-name  =  ALPHA *ALNUMPUNC
/// tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
/// VALCHAR   =  %x21-3A / %x3C-7E
/// </code>
/// Call <see cref="MoveNext"/> until it returns <see langword="false"/>, then check <see cref="Error"/>.
/// </summary>
/// <remarks>
/// Choices where the ABNF is silent or real-world records disagree:
/// <list type="bullet">
/// <item>An empty or all-FWS text is an empty tag-list (no tags, no error); callers reject missing required tags.</item>
/// <item>A trailing ";" may be followed by FWS.</item>
/// <item>An empty tag-spec (";;", or a leading ";") is an error, as the ABNF requires a tag-name in every tag-spec,
/// unless the reader is created with <c>allowEmptyTagSpecs</c> (DMARC records in the wild contain ";;").</item>
/// <item>Characters ≥ U+0080 are accepted inside values (RFC 6376 §3.2 advises not to preclude UTF-8).</item>
/// <item>Duplicate names are not detected while reading; <see cref="TagList.TryParse"/> does that.</item>
/// </list>
/// </remarks>
internal ref struct TagListReader
{
    // VALCHAR = %x21-3A / %x3C-7E (RFC 6376 §3.2), ASCII only: non-ASCII characters take the per-character path.
    private static readonly SearchValues<char> AsciiValChars = SearchValues.Create("!\"#$%&'()*+,-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private readonly ReadOnlySpan<char> _text;
    private readonly bool _allowEmptyTagSpecs;
    private int _position;
    private bool _done;

    /// <summary>Creates a reader over <paramref name="text"/>.</summary>
    /// <param name="text">The tag-list.</param>
    /// <param name="allowEmptyTagSpecs">Skip empty tag-specs (";;") instead of failing.</param>
    public TagListReader(ReadOnlySpan<char> text, bool allowEmptyTagSpecs = false)
    {
        _text = text;
        _allowEmptyTagSpecs = allowEmptyTagSpecs;
        _position = 0;
        _done = false;
        Current = default;
        Error = default;
    }

    /// <summary>The text being read.</summary>
    public readonly ReadOnlySpan<char> Text => _text;

    /// <summary>The tag read by the last successful <see cref="MoveNext"/>.</summary>
    public TagRange Current { get; private set; }

    /// <summary>The name of <see cref="Current"/>.</summary>
    public readonly ReadOnlySpan<char> CurrentName => _text[Current.Name];

    /// <summary>The value of <see cref="Current"/>, without surrounding FWS.</summary>
    public readonly ReadOnlySpan<char> CurrentValue => _text[Current.Value];

    /// <summary>The error that stopped reading, or <see cref="TagListError.None"/>.</summary>
    public TagListError Error { get; private set; }

    /// <summary>Reads the next tag-spec.</summary>
    /// <returns><see langword="true"/> when a tag was read; <see langword="false"/> at the end or on an error.</returns>
    public bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        ReadOnlySpan<char> s = _text;
        while (true)
        {
            int p = Fws.Skip(s, _position);
            if (p == s.Length)
            {
                // End of text: after the last tag-spec, after a trailing ";", or an empty tag-list.
                return Finish(default);
            }

            char c = s[p];
            if (c == ';')
            {
                if (!_allowEmptyTagSpecs)
                {
                    return Finish(new TagListError(TagListErrorKind.EmptyTagSpec, p));
                }

                _position = p + 1;
                continue;
            }

            // tag-name = ALPHA *ALNUMPUNC
            if (!char.IsAsciiLetter(c))
            {
                return Finish(new TagListError(IsLineBreak(c) ? TagListErrorKind.InvalidFolding : TagListErrorKind.InvalidTagName, p));
            }

            int nameStart = p++;
            while (p < s.Length && IsAlnumPunc(s[p]))
            {
                p++;
            }

            int nameEnd = p;
            p = Fws.Skip(s, p);
            if (p == s.Length || s[p] != '=')
            {
                return Finish(ClassifyAfterName(s, nameEnd, p));
            }

            p = Fws.Skip(s, p + 1);
            int valueStart = p;
            int valueEnd = p;
            while (p < s.Length)
            {
                // A run of ASCII VALCHARs (a base64 b= value is hundreds of them) is skipped in one vectorized search;
                // only the byte after it needs the decision below.
                int run = s[p..].IndexOfAnyExcept(AsciiValChars);
                if (run != 0)
                {
                    p = run < 0 ? s.Length : p + run;
                    valueEnd = p;
                    continue;
                }

                c = s[p];
                if (c == ';')
                {
                    break;
                }

                if (IsValChar(c))
                {
                    valueEnd = ++p;
                }
                else if (Fws.IsWsp(c))
                {
                    p++;
                }
                else if (c == '\r' || c == '\n')
                {
                    int folded = Fws.Skip(s, p);
                    if (folded == p)
                    {
                        return Finish(new TagListError(TagListErrorKind.InvalidFolding, p));
                    }

                    p = folded;
                }
                else
                {
                    return Finish(new TagListError(TagListErrorKind.InvalidValueCharacter, p));
                }
            }

            _position = p < s.Length ? p + 1 : p;
            Current = new TagRange(nameStart, nameEnd - nameStart, valueStart, valueEnd - valueStart);
            return true;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TagListError ClassifyAfterName(ReadOnlySpan<char> s, int nameEnd, int p)
    {
        if (nameEnd < s.Length && p == nameEnd && s[nameEnd] is not ';')
        {
            // A character directly after the name that is neither FWS nor "=": the name itself is bad ("a-b=1").
            return new TagListError(IsLineBreak(s[nameEnd]) ? TagListErrorKind.InvalidFolding : TagListErrorKind.InvalidTagName, nameEnd);
        }

        return new TagListError(TagListErrorKind.MissingEquals, p);
    }

    private bool Finish(TagListError error)
    {
        _done = true;
        Error = error;
        Current = default;
        return false;
    }

    private static bool IsLineBreak(char c) => c is '\r' or '\n';

    // ALNUMPUNC = ALPHA / DIGIT / "_"
    private static bool IsAlnumPunc(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // VALCHAR = %x21-3A / %x3C-7E, plus non-ASCII (UTF-8 text, RFC 6376 §3.2 note).
    private static bool IsValChar(char c) => (c >= '!' && c <= '~' && c != ';') || c >= '\u0080';
}
