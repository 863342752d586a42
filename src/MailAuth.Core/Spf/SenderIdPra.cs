using System.Text;
using MailAuth.Messages;

namespace MailAuth.Spf;

/// <summary>
/// Extracts the Purported Responsible Address (RFC 4407 §2) from a message header: the first non-empty Resent-Sender
/// (unless a Resent-From above it is separated from it by Received/Return-Path fields), else the first non-empty
/// Resent-From, else the single non-empty Sender, else the single non-empty From; the chosen field must hold exactly
/// one mailbox. Sender ID is historic; this exists for completeness and for old mail flows.
/// </summary>
public static class SenderIdPra
{
    /// <summary>The PRA of a parsed message header.</summary>
    /// <param name="headers">The header fields in message order (top first).</param>
    /// <returns>The PRA or the reason there is none.</returns>
    public static SenderIdPraResult Find(IReadOnlyList<HeaderField> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Find(headers.Select(h => new KeyValuePair<string, string>(h.Name, h.GetValueText())).ToList());
    }

    /// <summary>The PRA of a header given as (name, value) pairs in message order (top first); values may be folded.</summary>
    /// <param name="headers">The header fields.</param>
    /// <returns>The PRA or the reason there is none.</returns>
    public static SenderIdPraResult Find(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);

        // Step 1: the first non-empty Resent-Sender, unless a non-empty Resent-From precedes it with Received or
        // Return-Path fields between the two.
        int resentSender = IndexOfNonEmpty(headers, "Resent-Sender", 0);
        if (resentSender >= 0)
        {
            int resentFrom = IndexOfNonEmpty(headers, "Resent-From", 0);
            bool separated = false;
            if (resentFrom >= 0 && resentFrom < resentSender)
            {
                for (int i = resentFrom + 1; i < resentSender && !separated; i++)
                {
                    separated = IsNamed(headers[i], "Received") || IsNamed(headers[i], "Return-Path");
                }
            }

            if (!separated)
            {
                return FromField(headers[resentSender], "Resent-Sender");
            }
        }

        // Step 2: the first non-empty Resent-From.
        int firstResentFrom = IndexOfNonEmpty(headers, "Resent-From", 0);
        if (firstResentFrom >= 0)
        {
            return FromField(headers[firstResentFrom], "Resent-From");
        }

        // Steps 3 and 4: exactly one non-empty Sender, else exactly one non-empty From.
        foreach (string name in new[] { "Sender", "From" })
        {
            int first = IndexOfNonEmpty(headers, name, 0);
            if (first < 0)
            {
                continue;
            }

            if (IndexOfNonEmpty(headers, name, first + 1) >= 0)
            {
                return new SenderIdPraResult(null, name, $"more than one non-empty {name} field");
            }

            return FromField(headers[first], name);
        }

        return new SenderIdPraResult(null, null, "no Resent-Sender, Resent-From, Sender or From field");
    }

    private static SenderIdPraResult FromField(KeyValuePair<string, string> field, string name)
        => TryParseSingleMailbox(field.Value, out string? mailbox, out string? problem)
            ? new SenderIdPraResult(mailbox, name, null)
            : new SenderIdPraResult(null, name, $"{name}: {problem}");

    private static bool IsNamed(KeyValuePair<string, string> field, string name) => string.Equals(field.Key.Trim(), name, StringComparison.OrdinalIgnoreCase);

    private static int IndexOfNonEmpty(IReadOnlyList<KeyValuePair<string, string>> headers, string name, int start)
    {
        for (int i = start; i < headers.Count; i++)
        {
            if (IsNamed(headers[i], name) && !string.IsNullOrWhiteSpace(headers[i].Value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// RFC 4407 §2 step 5: the field must hold exactly one mailbox (RFC 5322 §3.4: <c>name-addr / addr-spec</c>);
    /// comments are removed, groups and lists are rejected.
    /// </summary>
    internal static bool TryParseSingleMailbox(string value, out string? mailbox, out string? problem)
    {
        mailbox = null;
        var text = new StringBuilder(value.Length);
        int depth = 0;
        bool quoted = false;
        int angle = 0;
        int angleStart = -1, angleEnd = -1, angles = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c is '\r' or '\n')
            {
                continue;
            }

            if (c == '\\' && (quoted || depth > 0) && i + 1 < value.Length)
            {
                if (depth == 0)
                {
                    text.Append(c).Append(value[i + 1]);
                }

                i++;
                continue;
            }

            if (depth > 0)
            {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                continue;
            }

            if (quoted)
            {
                quoted = c != '"';
                text.Append(c);
                continue;
            }

            switch (c)
            {
                case '(':
                    depth = 1;
                    text.Append(' ');
                    continue;
                case '"':
                    quoted = true;
                    break;
                case '<':
                    if (angle++ > 0)
                    {
                        problem = "nested '<'";
                        return false;
                    }

                    angles++;
                    angleStart = text.Length + 1;
                    break;
                case '>':
                    if (--angle < 0)
                    {
                        problem = "unbalanced '>'";
                        return false;
                    }

                    angleEnd = text.Length;
                    break;
                case ',' or ';' when angle == 0:
                    problem = "more than one mailbox";
                    return false;
                case ':' when angle == 0:
                    problem = "a group, not a mailbox";
                    return false;
            }

            text.Append(c);
        }

        if (quoted || depth > 0 || angle != 0 || angles > 1)
        {
            problem = "malformed address";
            return false;
        }

        string spec = (angleStart >= 0 ? text.ToString(angleStart, angleEnd - angleStart) : text.ToString()).Trim();
        int routeEnd = spec.StartsWith('@') ? spec.IndexOf(':') : -1; // obs-route "@a,@b:" before the addr-spec
        if (routeEnd >= 0)
        {
            spec = spec[(routeEnd + 1)..].Trim();
        }

        int at = spec.LastIndexOf('@');
        if (at <= 0 || at == spec.Length - 1 || spec.AsSpan(at + 1).ContainsAny(" \t<>"))
        {
            problem = spec.Length == 0 ? "no mailbox" : $"'{spec}' is not an addr-spec";
            return false;
        }

        mailbox = spec;
        problem = null;
        return true;
    }
}
