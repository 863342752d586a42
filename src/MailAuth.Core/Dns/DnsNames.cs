using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailAuth.Dns;

/// <summary>
/// The reverse-mapping names of RFC 1035 §3.5 (in-addr.arpa) and RFC 3596 §2.5 (ip6.arpa). Lookup-name
/// normalisation and the name limits live in <see cref="MailAuth.Text.DomainName"/>.
/// </summary>
internal static class DnsNames
{
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
}
