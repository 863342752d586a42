using System.Net;
using MailAuth.Dns;
using Xunit;

namespace MailAuth.Interop.Tests.Dns;

/// <summary>
/// Every zone file in tests/zones (any area's) answers the same from NSD and from <see cref="ZoneFileResolver"/>:
/// each owner name, each empty non-terminal and one missing name, for TXT, A, AAAA and MX.
/// </summary>
public class ZoneFilesParityTests
{
    private static readonly string[] Types = ["TXT", "A", "AAAA", "MX"];

    public static TheoryData<string> ZoneFiles()
    {
        var data = new TheoryData<string>();
        string dir = Path.Combine(AppContext.BaseDirectory, "zones");
        foreach (string file in Directory.Exists(dir) ? Directory.GetFiles(dir, "*.zone").Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(ZoneFiles))]
    public async Task ZoneFile_EveryName_AnswersLikeServer(string fileName)
    {
        await DnsTestServer.RequireAsync();
        string zone = Path.GetFileNameWithoutExtension(fileName);
        string path = Path.Combine(AppContext.BaseDirectory, "zones", fileName);
        List<ZoneEntry> entries = ZoneFileParser.Parse(await File.ReadAllTextAsync(path), zone, fileName);
        var local = new ZoneFileResolver();
        local.LoadZoneFile(path, zone);
        IDnsResolver server = DnsTestServer.CreateResolver();

        var mismatches = new List<string>();
        foreach (string name in NamesToCheck(entries, zone))
        {
            foreach (string type in Types)
            {
                string expected = await DescribeAsync(server, type, name);
                string actual = await DescribeAsync(local, type, name);
                if (expected != actual)
                {
                    mismatches.Add($"{type} {name}: nsd {expected} / ZoneFileResolver {actual}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    // Owners, their ancestors down to the apex (empty non-terminals) and a missing name; owners whose CNAME leaves
    // the zone are skipped, as an authoritative server does not follow it.
    private static IEnumerable<string> NamesToCheck(List<ZoneEntry> entries, string zone)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal) { "no-such-name-for-parity." + zone };
        foreach (ZoneEntry entry in entries)
        {
            if (entry.Type == DnsRecordType.Cname && !InZone((string)entry.Data, zone))
            {
                continue;
            }

            for (string? name = entry.Name; name is not null && InZone(name, zone); name = MailAuth.Text.DomainName.ParentOf(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static bool InZone(string name, string zone) => name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);

    private static async Task<string> DescribeAsync(IDnsResolver resolver, string type, string name)
    {
        return type switch
        {
            "TXT" => Describe(await resolver.QueryTxtAsync(name), r => string.Join("|", r.Strings)),
            "A" => Describe(await resolver.QueryAAsync(name), r => r.ToString()),
            "AAAA" => Describe(await resolver.QueryAaaaAsync(name), r => r.ToString()),
            _ => Describe(await resolver.QueryMxAsync(name), r => $"{r.Preference} {r.Exchange}"),
        };
    }

    private static string Describe<T>(DnsResponse<T> response, Func<T, string> format)
    {
        return $"{response.Status} ttl={response.TimeToLive.TotalSeconds} [{string.Join(", ", response.Records.Select(format).Order(StringComparer.Ordinal))}]";
    }
}
