using System.Net;

namespace MailAuth.Policy;

/// <summary>A list of IP networks (CIDR). IPv4-mapped IPv6 clients are matched as IPv4. Immutable; a lookup is linear in the list.</summary>
internal sealed class IpRangeList
{
    internal static readonly IpRangeList Empty = new([]);

    private readonly IPNetwork[] _networks;

    private IpRangeList(IPNetwork[] networks) => _networks = networks;

    internal static IpRangeList Build(IReadOnlyList<string> entries, string domain, string key, List<PolicyConfigError> errors)
    {
        var networks = new List<IPNetwork>(entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            string text = entries[i]?.Trim() ?? string.Empty;
            if (!text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out IPAddress? single) && IsAddressText(text, single))
            {
                networks.Add(new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (text.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(text, out IPNetwork network) && IsAddressText(text[..text.IndexOf('/', StringComparison.Ordinal)], network.BaseAddress)
                && IPAddress.TryParse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal)), out IPAddress? written) && written.Equals(network.BaseAddress))
            {
                networks.Add(network);
            }
            else
            {
                errors.Add(new PolicyConfigError(domain, $"{key}[{i}]", $"'{Text.ReasonText.Escape(entries[i])}' is not an IP address or CIDR range with its host bits zero"));
            }
        }

        return new IpRangeList(networks.ToArray());
    }

    // The written address must be the network address (host bits zero: 192.0.2.1/24 is a typo, not 192.0.2.0/24).
    // IPAddress.TryParse accepts "1" or "1.2" as IPv4 shorthands; a range must be written in full so that "10/8" is not 0.0.0.10/8.
    private static bool IsAddressText(string text, IPAddress address)
        => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? text.Contains(':', StringComparison.Ordinal) : text.Count(c => c == '.') == 3;

    internal bool Contains(IPAddress? address)
    {
        if (address is null || _networks.Length == 0)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (IPNetwork network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
