using YamlDotNet.RepresentationModel;

namespace MailAuth.Tests.Arc;

/// <summary>One test of the ValiMail ARC test suite (TestData/arc, MIT licence beside it).</summary>
public sealed class ArcSuiteCase
{
    public required string Scenario { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>The message, CRLF line endings.</summary>
    public required string Message { get; init; }

    /// <summary>Validation: the expected cv ("none", "pass", "fail"; the suite writes an empty value for fail).</summary>
    public string? ExpectedCv { get; init; }

    /// <summary>Signing: t=, the AMS h= list, the authserv-id and the expected fields (empty when no set is added).</summary>
    public long Timestamp { get; init; }

    public string? SignedHeaders { get; init; }

    public string? AuthServId { get; init; }

    public string? ExpectedSeal { get; init; }

    public string? ExpectedMessageSignature { get; init; }

    public string? ExpectedResults { get; init; }

    /// <summary>Signing: the scenario's domain, selector and private key (PEM).</summary>
    public string? Domain { get; init; }

    public string? Selector { get; init; }

    public string? PrivateKey { get; init; }

    /// <summary>The scenario's DNS TXT records (name → text).</summary>
    public required IReadOnlyDictionary<string, string> TxtRecords { get; init; }

    public override string ToString() => Scenario + "/" + Name;
}

/// <summary>Loads the suite's YAML documents.</summary>
public static class ArcSuite
{
    public static IReadOnlyList<ArcSuiteCase> Load(string fileName)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(EmptyBlocksAsEmptyStrings(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "arc", fileName)))))
        {
            stream.Load(reader);
        }

        var cases = new List<ArcSuiteCase>();
        foreach (YamlDocument document in stream.Documents)
        {
            var root = (YamlMappingNode)document.RootNode;
            string scenario = Scalar(root, "description").Trim();
            var txt = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (root.Children.TryGetValue(new YamlScalarNode("txt-records"), out YamlNode? records))
            {
                foreach (var (name, value) in (YamlMappingNode)records)
                {
                    txt[((YamlScalarNode)name).Value!] = ((YamlScalarNode)value).Value ?? string.Empty;
                }
            }

            foreach (var (name, node) in (YamlMappingNode)root.Children[new YamlScalarNode("tests")])
            {
                var test = (YamlMappingNode)node;
                string? Get(string key) => test.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? v) ? ((YamlScalarNode)v).Value : null;
                cases.Add(new ArcSuiteCase
                {
                    Scenario = scenario,
                    Name = ((YamlScalarNode)name).Value!,
                    Description = Get("description") ?? string.Empty,
                    Message = (Get("message") ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal),
                    ExpectedCv = Get("cv") is { } cv ? (cv.Trim().Length == 0 ? "fail" : cv.Trim().ToLowerInvariant()) : null,
                    Timestamp = Get("t") is { } t ? long.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 0,
                    SignedHeaders = Get("sig-headers"),
                    AuthServId = Get("srv-id"),
                    ExpectedSeal = Get("AS"),
                    ExpectedMessageSignature = Get("AMS"),
                    ExpectedResults = Get("AAR"),
                    Domain = Scalar(root, "domain"),
                    Selector = Scalar(root, "sel"),
                    PrivateKey = Scalar(root, "privatekey"),
                    TxtRecords = txt,
                });
            }
        }

        return cases;
    }

    // The suite writes an empty value as "key: |" followed by a line of spaces, which PyYAML reads as "" and YamlDotNet
    // rejects ("extra spaces in first line"); such blocks become "" here, nothing else changes.
    private static string EmptyBlocksAsEmptyStrings(string[] lines)
    {
        static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

        // Four test names occur twice in one document (PyYAML keeps the last, YamlDotNet refuses): both are kept,
        // the second as "name~2", so that every case in the file runs.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("---", StringComparison.Ordinal))
            {
                seen.Clear();
            }
            else if (Indent(lines[i]) == 2 && lines[i].TrimEnd().EndsWith(':') && !seen.Add(lines[i].Trim()))
            {
                lines[i] = lines[i].TrimEnd()[..^1] + "~2:";
            }
        }

        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (lines[i].TrimEnd().EndsWith('|') && lines[i + 1].Trim().Length == 0
                && (i + 2 >= lines.Length || Indent(lines[i + 2]) <= Indent(lines[i])))
            {
                string line = lines[i].TrimEnd();
                lines[i] = line[..^1] + "\"\"";
                lines[i + 1] = string.Empty;
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string Scalar(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? v) ? ((YamlScalarNode)v).Value ?? string.Empty : string.Empty;
}
