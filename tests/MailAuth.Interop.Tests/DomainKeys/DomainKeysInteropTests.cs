using System.Security.Cryptography;
using System.Text;
using MailAuth.Dns;
using MailAuth.DomainKeys;
using MailAuth.Tests.DomainKeys;
using Xunit;

namespace MailAuth.Interop.Tests.DomainKeys;

/// <summary>
/// DomainKeys (draft-delany-domainkeys-base-06 / RFC 4870) and ADSP (RFC 5617) against Mail::DKIM, offline: keys and
/// records come from a table file for Mail::DKIM and from a <see cref="ZoneFileResolver"/> for us.
/// </summary>
public sealed class DomainKeysInteropTests
{
    private const string Domain = "football.example.com";
    private const string Selector = "brisbane";
    private static readonly RSA Key = RSA.Create(1024);

    /// <summary>Messages that exercise both canonicalizations: folding, white space runs, trailing and only-empty lines, bare CR, 8-bit.</summary>
    private static readonly string[] Messages = ["draft", "folded", "trailing-empty", "empty-body", "whitespace-lines", "eight-bit", "sender"];

    public static IEnumerable<object[]> SignCells() =>
        from name in Messages
        from canon in new[] { "simple", "nofws" }
        from headers in new[] { string.Empty, "from:to:subject" }
        select new object[] { name, canon, headers };

    private static byte[] Message(string name) => Encoding.Latin1.GetBytes(name switch
    {
        "draft" => Text(DraftHeaders, "Hi.\r\n\r\nWe lost the game. Are you hungry yet?\r\n\r\nJoe.\r\n"),
        "folded" => Text(DraftHeaders + "Comment: This comment has a continuation\r\n  because this line begins with folding white space\r\n", "x\r\n"),
        "trailing-empty" => Text(DraftHeaders, "line\r\n\r\n\r\n\r\n"),
        "empty-body" => Text(DraftHeaders, string.Empty),
        "whitespace-lines" => Text(DraftHeaders, " \t\r\nfirst  line \t\r\n   \r\n\tsecond\r\n \r\n"),
        "eight-bit" => Text(DraftHeaders, "caf\u00e9 cr\u00e8me\r\n"),
        "sender" => Text("Sender: bob@football.example.com\r\n" + DraftHeaders, "from the list\r\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    });

    private const string DraftHeaders =
        "From: \"Joe SixPack\" <joe@football.example.com>\r\n" +
        "To: \"Suzie Q\" <suzie@shopping.example.net>\r\n" +
        "Subject: Is dinner ready?\r\n" +
        "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n" +
        "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n";

    private static string Text(string headers, string body) => headers + "\r\n" + body;

    private static string Table => $"{Selector}._domainkey.{Domain}\tTXT\t{DomainKeysTestSigner.Record(Key)}\n";

    private static async Task<IReadOnlyList<DomainKeysResult>> OursAsync(byte[] message)
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt($"{Selector}._domainkey.{Domain}", DomainKeysTestSigner.Record(Key));
        return await new DomainKeysVerifier(zone, new DomainKeysVerifierOptions { AllowRsaSha1 = true }).VerifyAsync(message);
    }

    private static async Task<string> TheirsAsync(byte[] message)
    {
        var results = await MailDkimDomainKeysPeer.VerifyAsync(message, Table);
        var (result, protocol, detail) = Assert.Single(results);
        Assert.Equal("domainkeys", protocol);
        return result + (detail.Length > 0 ? " (" + detail + ")" : string.Empty);
    }

    [SkippableTheory]
    [MemberData(nameof(SignCells))]
    public async Task MailDkimSigned_BothCanonicalizations_VerifyWithUs(string message, string canonicalization, string headers)
    {
        MailDkimDomainKeysPeer.Require();
        if (message == "sender" && headers.Length > 0)
        {
            headers += ":sender";
        }

        byte[] signed = await MailDkimDomainKeysPeer.SignAsync(Message(message), Key, Domain, Selector, canonicalization, headers.Length == 0 ? null : headers);

        var ours = Assert.Single(await OursAsync(signed));

        Assert.True(ours.Status == DomainKeysStatus.Pass, $"we rejected Mail::DKIM's {canonicalization} signature: {ours}\n{Encoding.Latin1.GetString(signed)}");
        Assert.Equal(canonicalization == "nofws" ? DomainKeysCanonicalization.NoFws : DomainKeysCanonicalization.Simple, ours.Canonicalization);
    }

    [SkippableTheory]
    [MemberData(nameof(SignCells))]
    public async Task OurTestSigner_BothCanonicalizations_VerifyWithMailDkim(string message, string canonicalization, string headers)
    {
        MailDkimDomainKeysPeer.Require();
        string[]? names = headers.Length == 0 ? null : (message == "sender" ? headers + ":sender" : headers).Split(':');
        var mode = canonicalization == "nofws" ? DomainKeysCanonicalization.NoFws : DomainKeysCanonicalization.Simple;

        byte[] signed = DomainKeysTestSigner.Sign(Message(message), Key, Domain, Selector, mode, names);

        Assert.StartsWith("pass", await TheirsAsync(signed), StringComparison.Ordinal);
        Assert.Equal(DomainKeysStatus.Pass, Assert.Single(await OursAsync(signed)).Status);
    }

    public static readonly TheoryData<string, string> Tampers = new()
    {
        { "simple", "body" },
        { "nofws", "body" },
        { "simple", "subject" },
        { "nofws", "subject" },
        { "simple", "signature" },
        { "nofws", "from" },
    };

    [SkippableTheory]
    [MemberData(nameof(Tampers))]
    public async Task MailDkimSigned_Tampered_FailsWithBoth(string canonicalization, string tamper)
    {
        MailDkimDomainKeysPeer.Require();
        byte[] signed = await MailDkimDomainKeysPeer.SignAsync(Message("draft"), Key, Domain, Selector, canonicalization);
        string text = Encoding.Latin1.GetString(signed);
        string changed = tamper switch
        {
            "body" => text.Replace("hungry", "angry", StringComparison.Ordinal),
            "subject" => text.Replace("Is dinner ready?", "Is lunch ready?", StringComparison.Ordinal),
            "from" => text.Replace("\"Joe SixPack\"", "\"Joe Six-Pack\"", StringComparison.Ordinal),
            _ => text.Replace("b=", "b=AB", StringComparison.Ordinal),
        };
        Assert.NotEqual(text, changed);
        byte[] tampered = Encoding.Latin1.GetBytes(changed);

        var ours = Assert.Single(await OursAsync(tampered));
        string theirs = await TheirsAsync(tampered);

        Assert.NotEqual(DomainKeysStatus.Pass, ours.Status);
        Assert.DoesNotContain("pass", theirs, StringComparison.Ordinal);
    }

    /// <summary>A generated set: both signers, both canonicalizations, and mutations each canonicalization should or should not tolerate.</summary>
    [SkippableFact]
    public async Task GeneratedSet_MailDkimAndUs_Agree()
    {
        MailDkimDomainKeysPeer.Require();
        string[] mutations = ["none", "rewrap-subject", "body-spaces", "trailing-lines", "add-header", "body-word", "lowercase-header-name"];
        var disagreements = new List<string>();
        int cases = 0;
        foreach (string name in Messages)
        {
            foreach (var mode in new[] { DomainKeysCanonicalization.Simple, DomainKeysCanonicalization.NoFws })
            {
                byte[] signed = DomainKeysTestSigner.Sign(Message(name), Key, Domain, Selector, mode);
                foreach (string mutation in mutations)
                {
                    byte[] candidate = Mutate(signed, mutation);
                    bool ours = Assert.Single(await OursAsync(candidate)).Status == DomainKeysStatus.Pass;
                    string theirs = await TheirsAsync(candidate);
                    cases++;
                    if (ours != theirs.StartsWith("pass", StringComparison.Ordinal))
                    {
                        disagreements.Add($"{name}/{mode}/{mutation}: ours {(ours ? "pass" : "not pass")}, Mail::DKIM {theirs}");
                    }
                }
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {cases} disagree:\n" + string.Join("\n", disagreements));
    }

    private static byte[] Mutate(byte[] signed, string mutation)
    {
        string text = Encoding.Latin1.GetString(signed);
        int separator = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        string head = text[..(separator + 2)];
        string body = text[(separator + 4)..];
        return Encoding.Latin1.GetBytes(mutation switch
        {
            "rewrap-subject" => head.Replace("Subject: Is dinner ready?", "Subject: Is\r\n dinner  ready?", StringComparison.Ordinal) + "\r\n" + body,
            "body-spaces" => head + "\r\n" + body.Replace(" ", "  ", StringComparison.Ordinal).Replace("\r\n", " \r\n", StringComparison.Ordinal),
            "trailing-lines" => head + "\r\n" + body + "\r\n\r\n",
            "add-header" => head + "X-Mailing-List: added in transit\r\n\r\n" + body,
            "body-word" => head + "\r\n" + body + "P.S. appended\r\n",
            "lowercase-header-name" => head.Replace("\r\nSubject:", "\r\nsubject:", StringComparison.Ordinal) + "\r\n" + body,
            _ => text,
        });
    }

    public static readonly TheoryData<string, string, AdspPractice> AdspRecords = new()
    {
        { "all.example", "_adsp._domainkey.all.example\tTXT\tdkim=all\nall.example\tMX\t10 mx.all.example\n", AdspPractice.All },
        { "discard.example", "_adsp._domainkey.discard.example\tTXT\tdkim=discardable\ndiscard.example\tMX\t10 mx.discard.example\n", AdspPractice.Discardable },
        { "unknown.example", "_adsp._domainkey.unknown.example\tTXT\tdkim=unknown\nunknown.example\tMX\t10 mx.unknown.example\n", AdspPractice.Unknown },
        { "spaces.example", "_adsp._domainkey.spaces.example\tTXT\tdkim = all ; n=note\nspaces.example\tMX\t10 mx.spaces.example\n", AdspPractice.All },
        { "norecord.example", "norecord.example\tMX\t10 mx.norecord.example\n", AdspPractice.None },
        { "gone.example", "gone.example\tNXDOMAIN\n_adsp._domainkey.gone.example\tNXDOMAIN\n", AdspPractice.None },
    };

    [SkippableTheory]
    [MemberData(nameof(AdspRecords))]
    public async Task Adsp_MailDkimAuthorDomainPolicy_AgreesOnPractice(string domain, string table, AdspPractice expected)
    {
        MailDkimDomainKeysPeer.Require();
        var zone = new ZoneFileResolver();
        foreach (string line in table.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split('\t');
            if (parts[1] == "TXT")
            {
                zone.AddTxt(parts[0], parts[2]);
            }
            else if (parts[1] == "MX")
            {
                string[] mx = parts[2].Split(' ');
                zone.AddMx(parts[0], int.Parse(mx[0], System.Globalization.CultureInfo.InvariantCulture), mx[1]);
            }
        }

        var ours = await new AdspEvaluator(zone).CheckDomainAsync(domain);
        string theirs = await MailDkimDomainKeysPeer.AdspAsync(domain, table);

        Assert.Equal(expected, ours.Practice);
        string expectedTheirs = ours.Status == AdspStatus.NxDomain ? "NXDOMAIN" : ours.Practice switch
        {
            AdspPractice.All => "all",
            AdspPractice.Discardable => "discardable",
            AdspPractice.Unknown => "unknown",
            _ => "none",
        };
        Assert.Equal(expectedTheirs, theirs);
    }
}
