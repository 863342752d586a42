using System.Diagnostics.CodeAnalysis;
namespace MailAuth.Dmarc;

/// <summary>
/// One DMARC reporting URI from <c>rua</c> or <c>ruf</c> (RFC 7489 §6.2/§6.4 <c>dmarc-uri</c>, RFC 9989 §4.8), with the
/// obsolete size limit (<c>!10m</c>) if present.
/// </summary>
/// <param name="Uri">The absolute URI, e.g. <c>mailto:reports@example.com</c>.</param>
/// <param name="MaxSize">The size limit in bytes (RFC 7489 §6.4 <c>!</c> suffix; obsolete in RFC 9989), or <see langword="null"/>.</param>
public sealed record DmarcReportUri(Uri Uri, long? MaxSize = null)
{
    /// <summary>
    /// The host the reports go to: the domain of a <c>mailto:</c> address, or the host of other schemes; <see langword="null"/> when there is none.
    /// This is the destination checked by <see cref="DmarcReportAuthorization"/> (RFC 7489 §7.1).
    /// </summary>
    public string? DestinationHost
    {
        get
        {
            if (string.Equals(Uri.Scheme, "mailto", StringComparison.OrdinalIgnoreCase))
            {
                string original = Uri.OriginalString;
                string path = Uri.UnescapeDataString(original[(original.IndexOf(':', StringComparison.Ordinal) + 1)..]);
                int q = path.IndexOf('?', StringComparison.Ordinal);
                if (q >= 0)
                {
                    path = path[..q];
                }

                int at = path.LastIndexOf('@');
                return at >= 0 && at < path.Length - 1 ? DmarcDomain.NormalizeOrKeep(path[(at + 1)..]) : null;
            }

            return string.IsNullOrEmpty(Uri.Host) ? null : DmarcDomain.NormalizeOrKeep(Uri.Host);
        }
    }

    /// <summary>Parses one list element: <c>dmarc-uri [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]</c>.</summary>
    /// <param name="text">The element, without surrounding whitespace.</param>
    /// <param name="value">The URI.</param>
    /// <returns><see langword="true"/> for an absolute URI with a valid optional size.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out DmarcReportUri? value)
    {
        value = null;
        long? size = null;
        int bang = text.LastIndexOf('!');
        if (bang >= 0)
        {
            ReadOnlySpan<char> sizeText = text[(bang + 1)..];
            text = text[..bang];
            long multiplier = 1;
            if (sizeText.Length > 0 && char.IsAsciiLetter(sizeText[^1]))
            {
                multiplier = char.ToLowerInvariant(sizeText[^1]) switch
                {
                    'k' => 1L << 10,
                    'm' => 1L << 20,
                    'g' => 1L << 30,
                    't' => 1L << 40,
                    _ => 0,
                };
                sizeText = sizeText[..^1];
            }

            if (multiplier == 0 || sizeText.IsEmpty || !long.TryParse(sizeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n) || n > long.MaxValue / multiplier)
            {
                return false;
            }

            size = n * multiplier;
        }

        if (text.IsEmpty || !Uri.TryCreate(text.ToString(), UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Scheme))
        {
            return false;
        }

        value = new DmarcReportUri(uri, size);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => MaxSize is { } s ? $"{Uri.OriginalString}!{s}" : Uri.OriginalString;
}
