using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailAuth.Dns;

/// <summary>
/// Domain-name helpers shared by the resolvers and the protocols: normalisation to the lookup key form
/// and the reverse-mapping names of RFC 1035 §3.5 (in-addr.arpa) and RFC 3596 §2.5 (ip6.arpa).
/// </summary>
internal static class DnsNames
{
    /// <summary>Longest name in presentation form without the trailing dot (RFC 1035 §2.3.4: 255 octets on the wire).</summary>
    public const int MaxNameLength = 253;

    /// <summary>Longest label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>
    /// Checks <paramref name="name"/> and returns it in key form: ASCII lower case, no trailing dot.
    /// The root (".") is not accepted: nothing in mail authentication looks it up.
    /// </summary>
    public static bool TryNormalize(string name, out string normalized, out string? error)
    {
        ReadOnlySpan<char> span = name;
        if (span.EndsWith("."))
        {
            span = span[..^1];
        }

        normalized = string.Empty;
        if (span.IsEmpty)
        {
            error = "empty domain name";
            return false;
        }

        if (span.Length > MaxNameLength)
        {
            error = $"domain name longer than {MaxNameLength} characters";
            return false;
        }

        bool needsLower = false;
        int labelStart = 0;
        for (int i = 0; i <= span.Length; i++)
        {
            if (i == span.Length || span[i] == '.')
            {
                int length = i - labelStart;
                if (length == 0)
                {
                    error = "empty label in domain name";
                    return false;
                }

                if (length > MaxLabelLength)
                {
                    error = $"label longer than {MaxLabelLength} characters in domain name";
                    return false;
                }

                labelStart = i + 1;
                continue;
            }

            char c = span[i];
            if (c is >= 'A' and <= 'Z')
            {
                needsLower = true;
            }
            else if (c <= ' ' || c == 0x7F)
            {
                error = "control character or space in domain name";
                return false;
            }
        }

        error = null;
        normalized = needsLower ? ToLowerAscii(span) : (span.Length == name.Length ? name : span.ToString());
        return true;
    }

    /// <summary>Returns the parent of a normalised name, or <see langword="null"/> for a single label.</summary>
    public static string? Parent(string normalized)
    {
        int dot = normalized.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : normalized[(dot + 1)..];
    }

    /// <summary>
    /// The PTR owner name for <paramref name="address"/>: <c>d.c.b.a.in-addr.arpa</c> for IPv4 (RFC 1035 §3.5)
    /// and the 32 reversed nibbles under <c>ip6.arpa</c> for IPv6 (RFC 3596 §2.5).
    /// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) map to in-addr.arpa, as mail receivers treat them as IPv4.
    /// </summary>
    public static string ToReverseName(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException("Unsupported address.", nameof(address));
        }

        var sb = new StringBuilder(written == 4 ? 29 : 73);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            for (int i = written - 1; i >= 0; i--)
            {
                sb.Append(bytes[i].ToString(CultureInfo.InvariantCulture)).Append('.');
            }

            return sb.Append("in-addr.arpa").ToString();
        }

        const string Hex = "0123456789abcdef";
        for (int i = written - 1; i >= 0; i--)
        {
            sb.Append(Hex[bytes[i] & 0xF]).Append('.').Append(Hex[bytes[i] >> 4]).Append('.');
        }

        return sb.Append("ip6.arpa").ToString();
    }

    private static string ToLowerAscii(ReadOnlySpan<char> span)
    {
        return string.Create(span.Length, span.ToString(), static (dest, src) =>
        {
            for (int i = 0; i < src.Length; i++)
            {
                char c = src[i];
                dest[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
    }
}
