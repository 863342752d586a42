namespace MailAuth.Policy;

/// <summary>Texts that go on the SMTP wire or into header fields: printable US-ASCII only (RFC 5321 §4.2 reply text, RFC 5322 §2.2 field bodies).</summary>
internal static class PolicyText
{
    /// <summary>True when every character is printable ASCII or space (0x20–0x7E): no CR, LF, other controls or non-ASCII.</summary>
    internal static bool IsPrintable(string text)
    {
        foreach (char c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="text"/> with each character outside 0x21–0x7E replaced by <c>?</c> (spaces too, so a value stays one
    /// token), cut to <paramref name="max"/> characters. Used for attacker-influenced values (domains) put into replies and fields.
    /// </summary>
    internal static string Token(string? text, int max = 255)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "-";
        }

        int length = Math.Min(text.Length, max);
        return string.Create(length, text, static (span, source) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                char c = source[i];
                span[i] = c is > ' ' and <= '~' ? c : '?';
            }
        });
    }
}
