using System.Text;

namespace MailAuth.Text;

/// <summary>
/// Writes a header field as words, folding (RFC 5322 §2.2.3: CRLF before WSP) so that lines stay within a target
/// width where the words allow it. A word longer than the width stays on one line (RFC 5322 §2.1.1's hard limit is
/// 998). The result has no trailing CRLF.
/// </summary>
internal sealed class HeaderFolder
{
    /// <summary>The recommended line width of RFC 5322 §2.1.1.</summary>
    public const int DefaultWidth = 78;

    /// <summary>The continuation indent; a TAB is counted as 8 columns.</summary>
    private const string Indent = "\t";
    private const int IndentColumns = 8;

    private readonly StringBuilder _text = new();
    private readonly int _width;
    private int _column;

    /// <summary>Starts a field with its name and colon.</summary>
    /// <param name="fieldName">The field name.</param>
    /// <param name="width">The target line width.</param>
    public HeaderFolder(string fieldName, int width = DefaultWidth)
    {
        _width = width;
        _text.Append(fieldName).Append(':');
        _column = fieldName.Length + 1;
    }

    /// <summary>Appends <paramref name="word"/> after a space, or on a new continuation line when it does not fit.</summary>
    public void Append(string word)
    {
        if (_column + 1 + word.Length > _width && _column > IndentColumns)
        {
            NewLine();
            _text.Append(word);
            _column += word.Length;
            return;
        }

        _text.Append(' ').Append(word);
        _column += 1 + word.Length;
    }

    /// <summary>
    /// Appends <paramref name="word"/> like <see cref="Append"/>, but a word that does not fit may also be folded at
    /// its own spaces (CRLF inserted before a space) — for comments and quoted-strings, where FWS is allowed and
    /// unfolding restores the text (RFC 5322 §3.2.2, §3.2.4).
    /// </summary>
    public void AppendBreakable(string word)
    {
        string[] pieces = word.Split(' ');
        Append(pieces[0]);
        for (int i = 1; i < pieces.Length; i++)
        {
            string piece = pieces[i];
            // A fold goes only before a piece with visible text: folding before blanks alone would write a line of
            // only whitespace, which RFC 5322 §3.2.2 forbids.
            if (HasVisible(piece) && _column + 1 + piece.Length > _width)
            {
                _text.Append("\r\n");
                _column = 0;
            }

            _text.Append(' ').Append(piece);
            _column += 1 + piece.Length;
        }
    }

    private static bool HasVisible(string piece)
    {
        foreach (char c in piece)
        {
            if (c is not (' ' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appends <paramref name="text"/> with no space before it (e.g. a ";" separator).</summary>
    public void AppendRaw(string text)
    {
        _text.Append(text);
        _column += text.Length;
    }

    /// <summary>Starts a continuation line.</summary>
    public void NewLine()
    {
        _text.Append("\r\n").Append(Indent);
        _column = IndentColumns;
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
