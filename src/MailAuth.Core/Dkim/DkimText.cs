using MailAuth.Text;

namespace MailAuth.Dkim;

/// <summary>Small text helpers shared by the DKIM-Signature and key record parsers.</summary>
internal static class DkimText
{
    /// <summary>
    /// Takes the next item of a colon-separated list (<c>h=</c>, <c>q=</c>, key <c>h=</c>/<c>s=</c>/<c>t=</c>), FWS trimmed.
    /// </summary>
    /// <param name="rest">The rest of the list; advanced past the item and its colon.</param>
    /// <param name="item">The item.</param>
    /// <param name="done">Set once the last item was taken; start with <see langword="false"/>.</param>
    /// <returns><see langword="false"/> when the list is exhausted.</returns>
    public static bool TryTakeItem(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> item, ref bool done)
    {
        if (done)
        {
            item = default;
            return false;
        }

        int colon = rest.IndexOf(':');
        if (colon < 0)
        {
            item = Fws.Trim(rest);
            rest = default;
            done = true;
        }
        else
        {
            item = Fws.Trim(rest[..colon]);
            rest = rest[(colon + 1)..];
        }

        return true;
    }
}
