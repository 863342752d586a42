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
    /// comments are removed, groups and lists are rejected. Read with the shared <see cref="AddressListParser"/>
    /// (linear in the field length; it stops after a second mailbox).
    /// </summary>
    internal static bool TryParseSingleMailbox(string value, out string? mailbox, out string? problem)
    {
        mailbox = null;
        int count = 0;
        AddressListMailbox first = default;
        var parser = new AddressListParser(value, m =>
        {
            if (count++ == 0)
            {
                first = m;
            }

            return count < 2;
        });
        bool wellFormed = parser.TryParse(out string? syntaxError);

        // The first offending character decides, as a reader scanning left to right would report it.
        int limit = wellFormed ? int.MaxValue : parser.ErrorOffset;
        int group = parser.FirstGroupOffset >= 0 && parser.FirstGroupOffset < limit ? parser.FirstGroupOffset : int.MaxValue;
        int list = parser.FirstDelimiterOffset >= 0 && parser.FirstDelimiterOffset < limit ? parser.FirstDelimiterOffset : int.MaxValue;
        if (group != int.MaxValue || list != int.MaxValue)
        {
            problem = group < list ? "a group, not a mailbox" : "more than one mailbox";
            return false;
        }

        if (!wellFormed)
        {
            problem = syntaxError is "nested '<'" or "unbalanced '>'" ? syntaxError : "malformed address";
            return false;
        }

        if (first.AngleCount > 1)
        {
            problem = "malformed address";
            return false;
        }

        string spec = first.Address ?? string.Empty;
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
