using MailAuth.Dns;

namespace MailAuth.Spf;

/// <summary>
/// Record selection for Sender ID (RFC 4406 §3.3, §3.4): an <c>spf2.0/scope,...</c> record that lists the checked scope
/// wins; without one, a <c>v=spf1</c> record is used as if it were <c>spf2.0/mfrom,pra</c>.
/// </summary>
internal static class SenderIdRecordSelector
{
    internal const string VersionPrefix = "spf2.0/";

    /// <summary>Selects the record; returns the count found at the deciding step (0 none, 1 ok, more: permerror).</summary>
    internal static int Select(IReadOnlyList<TxtRecord> records, SenderIdScope scope, out string? text, out int termsStart, out string version)
    {
        text = null;
        termsStart = 0;
        version = SpfRecord.Version1;
        int count = 0;
        for (int i = 0; i < records.Count; i++)
        {
            string joined = records[i].Text;
            if (TryParseVersion(joined, out SenderIdScope scopes, out int length) && (scopes & scope) != 0)
            {
                if (count++ == 0)
                {
                    text = joined;
                    termsStart = length;
                    version = joined[..length].ToLowerInvariant();
                }
            }
        }

        if (count > 0)
        {
            if (count > 1)
            {
                text = null;
            }

            return count;
        }

        version = SpfRecord.Version1;
        termsStart = SpfRecord.Version1.Length;
        return SpfRecord.Select(records, out text);
    }

    // version = "spf2.0" "/" scope *( "," scope ) ; scope = "mfrom" / "pra" / name ; then SP or end.
    internal static bool TryParseVersion(ReadOnlySpan<char> text, out SenderIdScope scopes, out int length)
    {
        scopes = SenderIdScope.None;
        length = 0;
        if (!text.StartsWith(VersionPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int end = text.IndexOf(' ');
        end = end < 0 ? text.Length : end;
        ReadOnlySpan<char> list = text[VersionPrefix.Length..end];
        if (list.IsEmpty)
        {
            return false;
        }

        while (true)
        {
            int comma = list.IndexOf(',');
            ReadOnlySpan<char> scope = comma < 0 ? list : list[..comma];
            list = comma < 0 ? default : list[(comma + 1)..];
            if (scope.IsEmpty || !char.IsAsciiLetter(scope[0]))
            {
                return false;
            }

            foreach (char c in scope)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    return false;
                }
            }

            if (scope.Equals("mfrom", StringComparison.OrdinalIgnoreCase))
            {
                scopes |= SenderIdScope.MailFrom;
            }
            else if (scope.Equals("pra", StringComparison.OrdinalIgnoreCase))
            {
                scopes |= SenderIdScope.Pra;
            }

            if (comma < 0)
            {
                break;
            }
        }

        length = end;
        return true;
    }
}
