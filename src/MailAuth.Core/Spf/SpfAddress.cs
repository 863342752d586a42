using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MailAuth.Spf;

/// <summary>IP address helpers for CIDR matching (RFC 7208 §5.6) and the <c>%{i}</c>/<c>%{c}</c> macros (§7.3).</summary>
internal static class SpfAddress
{
    /// <summary>An IPv4-mapped IPv6 address is treated as the IPv4 address (§5: "an IPv4-mapped IPv6 address ... is an IPv4 address").</summary>
    internal static IPAddress Normalize(IPAddress address)
        => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The address as a left-aligned 128-bit number (IPv4 in the top 32 bits).</summary>
    internal static UInt128 ToBits(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        _ = address.TryWriteBytes(bytes, out int written);
        return written == 4
            ? new UInt128((ulong)BinaryPrimitives.ReadUInt32BigEndian(bytes) << 32, 0)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    internal static bool PrefixMatches(UInt128 address, UInt128 network, int prefixLength, int width)
    {
        if (prefixLength <= 0)
        {
            return true;
        }

        int shift = 128 - Math.Min(prefixLength, width);
        return (address >> shift) == (network >> shift);
    }

    internal static bool Matches(IPAddress candidate, UInt128 client, AddressFamily family, int ip4Prefix, int ip6Prefix)
    {
        IPAddress normalized = Normalize(candidate);
        if (normalized.AddressFamily != family)
        {
            return false;
        }

        return family == AddressFamily.InterNetwork
            ? PrefixMatches(client, ToBits(normalized), ip4Prefix, 32)
            : PrefixMatches(client, ToBits(normalized), ip6Prefix, 128);
    }
}
