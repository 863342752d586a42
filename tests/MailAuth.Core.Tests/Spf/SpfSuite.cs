using System.Globalization;
using System.Net;
using MailAuth.Dns;
using YamlDotNet.RepresentationModel;

namespace MailAuth.Tests.Spf;

/// <summary>One test of the openspf RFC 7208 suite.</summary>
public sealed record SpfSuiteCase(
    string Scenario,
    string Name,
    string Helo,
    string Host,
    string MailFrom,
    IReadOnlyList<string> Results,
    string? Explanation,
    SpfSuiteScenario Zone)
{
    public override string ToString() => $"{Scenario}: {Name}";
}

/// <summary>The zonedata of one scenario: per name, its entries in file order.</summary>
public sealed class SpfSuiteScenario
{
    public required string Description { get; init; }

    /// <summary>Entries per name: (type, value) where value is a string, a list of strings (TXT/SPF/MX) or "TIMEOUT" with type TIMEOUT.</summary>
    public required IReadOnlyList<(string Name, IReadOnlyList<(string Type, YamlNode? Value)> Entries)> Names { get; init; }

    private static readonly string[] QueryTypes = ["TXT", "A", "AAAA", "MX", "PTR"];

    /// <summary>
    /// Loads the zone into <paramref name="zone"/> following the suite's own driver (pyspf's testspf.py): records typed SPF
    /// are also served as TXT unless the name has TXT entries (even "TXT: NONE"), appended after the listed entries;
    /// a TIMEOUT entry makes queries of a type time out when no record of that type precedes it.
    /// Returns the names whose MX records have an empty exchange (the root), which the zone cannot hold.
    /// </summary>
    public void LoadInto(ZoneFileResolver zone, Func<string, string> mapName, ICollection<string> nullMxNames)
    {
        foreach ((string rawName, IReadOnlyList<(string Type, YamlNode? Value)> entries) in Names)
        {
            string name = mapName(rawName);
            bool hasTxt = entries.Any(e => e.Type == "TXT");
            var effective = new List<(string Type, YamlNode? Value)>(entries);
            if (!hasTxt)
            {
                effective.AddRange(entries.Where(e => e.Type == "SPF").Select(e => ("TXT", e.Value)));
            }

            foreach ((string type, YamlNode? value) in effective)
            {
                if (value is YamlScalarNode { Value: "NONE" })
                {
                    continue;
                }

                switch (type)
                {
                    case "SPF":
                        zone.AddSpfType(name, Strings(value));
                        break;
                    case "TXT":
                        zone.AddTxt(name, new TxtRecord(Strings(value)));
                        break;
                    case "A":
                    case "AAAA":
                        zone.AddAddress(name, IPAddress.Parse(Scalar(value)));
                        break;
                    case "MX":
                        var mx = (YamlSequenceNode)value!;
                        string exchange = Scalar(mx.Children[1]);
                        int preference = int.Parse(Scalar(mx.Children[0]), CultureInfo.InvariantCulture);
                        if (exchange.Length == 0)
                        {
                            nullMxNames.Add(name);
                        }
                        else
                        {
                            zone.AddMx(name, preference, mapName(exchange));
                        }

                        break;
                    case "PTR":
                        zone.AddPtr(FromReverseName(rawName), mapName(Scalar(value)));
                        break;
                    case "CNAME":
                        zone.AddCname(name, mapName(Scalar(value)));
                        break;
                }
            }

            int timeout = effective.FindIndex(e => e.Type == "TIMEOUT");
            if (timeout < 0)
            {
                continue;
            }

            foreach (string queryType in QueryTypes)
            {
                int first = effective.FindIndex(e => e.Type == queryType && e.Value is not YamlScalarNode { Value: "NONE" });
                if (first < 0 || first > timeout)
                {
                    zone.SetFault(name, DnsStatus.Timeout, Enum.Parse<DnsRecordType>(queryType, ignoreCase: true));
                }
            }
        }
    }

    private static string Scalar(YamlNode? node) => ((YamlScalarNode)node!).Value ?? string.Empty;

    private static string[] Strings(YamlNode? node) => node switch
    {
        YamlSequenceNode seq => seq.Children.Select(Scalar).ToArray(),
        _ => [Scalar(node)],
    };

    /// <summary>The address of an in-addr.arpa or ip6.arpa owner name (RFC 1035 §3.5, RFC 3596 §2.5).</summary>
    public static IPAddress FromReverseName(string name)
    {
        string[] labels = name.TrimEnd('.').Split('.');
        if (name.EndsWith(".in-addr.arpa", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Parse(string.Join('.', labels.Take(4).Reverse()));
        }

        byte[] bytes = new byte[16];
        for (int i = 0; i < 32; i++)
        {
            int nibble = Convert.ToInt32(labels[31 - i], 16);
            bytes[i / 2] |= (byte)(i % 2 == 0 ? nibble << 4 : nibble);
        }

        return new IPAddress(bytes);
    }

    /// <summary>Reads every scenario and test of the suite file.</summary>
    public static IReadOnlyList<SpfSuiteCase> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var cases = new List<SpfSuiteCase>();
        foreach (YamlDocument document in stream.Documents)
        {
            var root = (YamlMappingNode)document.RootNode;
            string description = Scalar(root.Children[new YamlScalarNode("description")]);
            var names = new List<(string, IReadOnlyList<(string, YamlNode?)>)>();
            if (root.Children.TryGetValue(new YamlScalarNode("zonedata"), out YamlNode? zoneNode) && zoneNode is YamlMappingNode zoneData)
            {
                foreach (var (key, value) in zoneData.Children)
                {
                    var entries = new List<(string, YamlNode?)>();
                    foreach (YamlNode entry in ((YamlSequenceNode)value).Children)
                    {
                        if (entry is YamlScalarNode { Value: "TIMEOUT" })
                        {
                            entries.Add(("TIMEOUT", null));
                            continue;
                        }

                        foreach (var (type, data) in ((YamlMappingNode)entry).Children)
                        {
                            entries.Add((Scalar(type), data));
                        }
                    }

                    names.Add((Scalar(key), entries));
                }
            }

            var scenario = new SpfSuiteScenario { Description = description, Names = names };
            foreach (var (testName, testNode) in (YamlMappingNode)root.Children[new YamlScalarNode("tests")])
            {
                var test = (YamlMappingNode)testNode;
                string Get(string key) => test.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? v) ? Scalar(v) : string.Empty;
                YamlNode result = test.Children[new YamlScalarNode("result")];
                IReadOnlyList<string> results = result is YamlSequenceNode list ? list.Children.Select(Scalar).ToArray() : [Scalar(result)];
                string? explanation = test.Children.ContainsKey(new YamlScalarNode("explanation")) ? Get("explanation") : null;
                cases.Add(new SpfSuiteCase(description, Scalar(testName), Get("helo"), Get("host"), Get("mailfrom"), results, explanation, scenario));
            }
        }

        return cases;
    }
}
