using System.Text;
using System.Text.RegularExpressions;
using MailAuth.PublicSuffix;
using MailAuth.Tests.Fakes;
using Xunit;

namespace MailAuth.Tests.PublicSuffix;

public sealed partial class PublicSuffixListTests
{
    private static readonly string DataDir = Path.Combine(AppContext.BaseDirectory, "TestData", "psl");

    // tests.txt: "<domain> <registrable domain>" per line, "null" for none; "//" comments.
    public static TheoryData<int, string?, string?> TestsTxtCases()
    {
        var data = new TheoryData<int, string?, string?>();
        int lineNo = 0;
        foreach (string line in File.ReadLines(Path.Combine(DataDir, "tests.txt"), Encoding.UTF8))
        {
            lineNo++;
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            data.Add(lineNo, NullWord(parts[0]), NullWord(parts[1]));
        }

        return data;
    }

    // test_psl.txt: checkPublicSuffix('domain', 'registrable'); with null literals.
    public static TheoryData<int, string?, string?> TestPslCases()
    {
        var data = new TheoryData<int, string?, string?>();
        int lineNo = 0;
        foreach (string line in File.ReadLines(Path.Combine(DataDir, "test_psl.txt"), Encoding.UTF8))
        {
            lineNo++;
            var m = CheckCall().Match(line);
            if (m.Success)
            {
                data.Add(lineNo, Unquote(m.Groups[1].Value), Unquote(m.Groups[2].Value));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TestsTxtCases))]
    public void GetRegistrableDomain_TestsTxt_MatchesExpected(int line, string? domain, string? expected)
    {
        Assert.True(line > 0);
        Assert.Equal(expected, PublicSuffixList.Default.GetRegistrableDomain(domain));
    }

    [Theory]
    [MemberData(nameof(TestPslCases))]
    public void GetRegistrableDomain_TestPslTxt_MatchesExpected(int line, string? domain, string? expected)
    {
        Assert.True(line > 0);
        Assert.Equal(expected, PublicSuffixList.Default.GetRegistrableDomain(domain));
    }

    [Fact]
    public void TestFiles_HaveAllCases()
    {
        Assert.Equal(TestsTxtCases().Count, TestPslCases().Count);
        Assert.True(TestsTxtCases().Count >= 70);
    }

    [Theory]
    [InlineData("example.com.", "example.com")]
    [InlineData("WWW.EXAMPLE.CO.UK.", "example.co.uk")]
    [InlineData("a.b.example.co.uk", "example.co.uk")]
    public void GetRegistrableDomain_TrailingDotAndCase_Normalised(string domain, string expected)
        => Assert.Equal(expected, PublicSuffixList.Default.GetRegistrableDomain(domain));

    [Theory]
    [InlineData("example..com")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("example.com..")]
    public void Match_EmptyLabels_Invalid(string domain)
    {
        Assert.False(PublicSuffixList.Default.Match(domain).IsValid);
        Assert.Null(PublicSuffixList.Default.GetRegistrableDomain(domain));
        Assert.Null(PublicSuffixList.Default.GetPublicSuffix(domain));
    }

    [Fact]
    public void PrivateSection_Option_ChangesResult()
    {
        // github.io is a PRIVATE-section rule.
        Assert.Equal("alice.github.io", PublicSuffixList.Default.GetRegistrableDomain("www.alice.github.io"));
        Assert.Equal("github.io", PublicSuffixList.DefaultIcannOnly.GetRegistrableDomain("www.alice.github.io"));
        Assert.True(PublicSuffixList.Default.IncludesPrivateDomains);
        Assert.False(PublicSuffixList.DefaultIcannOnly.IncludesPrivateDomains);
    }

    [Fact]
    public void GetPublicSuffix_WildcardAndException()
    {
        var psl = PublicSuffixList.Default;
        Assert.Equal("c.kobe.jp", psl.GetPublicSuffix("a.b.c.kobe.jp"));
        Assert.Equal("kobe.jp", psl.GetPublicSuffix("www.city.kobe.jp"));
        Assert.Equal("example", psl.GetPublicSuffix("a.example"));
        Assert.False(psl.Match("a.example").IsListed);
        Assert.True(psl.Match("a.com").IsListed);
        Assert.True(psl.IsPublicSuffix("co.uk"));
        Assert.False(psl.IsPublicSuffix("example.co.uk"));
    }

    [Fact]
    public void Match_OffsetsSliceInput()
    {
        ReadOnlySpan<char> name = "Mail.Example.CO.uk.";
        var match = PublicSuffixList.Default.Match(name);
        Assert.True(match.IsValid);
        Assert.Equal(4, match.LabelCount);
        Assert.Equal(2, match.PublicSuffixLabelCount);
        Assert.Equal("CO.uk", name[match.PublicSuffixStart..match.Length].ToString());
        Assert.Equal("Example.CO.uk", name[match.RegistrableDomainStart..match.Length].ToString());
    }

    [Fact]
    public void Load_CustomList_SectionsAndComments()
    {
        const string list = """
            // ===BEGIN ICANN DOMAINS===
            test
            *.wild.test
            !keep.wild.test
            // ===END ICANN DOMAINS===
            // ===BEGIN PRIVATE DOMAINS===
            hosted.test   trailing text is ignored
            // ===END PRIVATE DOMAINS===
            """;
        var all = PublicSuffixList.Load(new StringReader(list));
        var icann = PublicSuffixList.Load(new StringReader(list), includePrivateDomains: false);
        Assert.Equal(4, all.RuleCount);
        Assert.Equal("a.x.wild.test", all.GetRegistrableDomain("b.a.x.wild.test"));
        Assert.Equal("keep.wild.test", all.GetRegistrableDomain("www.keep.wild.test"));
        Assert.Equal("me.hosted.test", all.GetRegistrableDomain("www.me.hosted.test"));
        Assert.Equal("hosted.test", icann.GetRegistrableDomain("www.me.hosted.test"));
    }

    [Fact]
    public void Load_Stream_SameAsDefault()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream("MailAuth.PublicSuffix.public_suffix_list.dat");
        Assert.NotNull(stream);
        var list = PublicSuffixList.Load(stream);
        Assert.Equal(PublicSuffixList.Default.RuleCount, list.RuleCount);
        Assert.True(list.RuleCount > 9000);
    }

    [Fact]
    public void GetRegistrableDomain_InvalidIdn_Null()
        => Assert.Null(PublicSuffixList.Default.GetRegistrableDomain("a\u0000b.食狮.中国"));

    [Fact]
    public void Match_AsciiNames_AllocatesNothing()
    {
        var psl = PublicSuffixList.Default;
        string[] names = ["example.com", "WWW.Example.CO.UK.", "a.b.c.kobe.jp", "www.city.kobe.jp", "x.y.alice.github.io", "unlisted.example"];
        foreach (string name in names)
        {
            psl.Match(name); // warm up
        }

        int sum = 0;
        long allocated = Allocations.Least(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                foreach (string name in names)
                {
                    sum += psl.Match(name).RegistrableDomainStart;
                }
            }
        });
        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }

    private static string? NullWord(string s) => s == "null" ? null : s;

    private static string? Unquote(string s) => s == "null" ? null : s.Trim('\'');

    [GeneratedRegex(@"^checkPublicSuffix\(('[^']*'|null),\s*('[^']*'|null)\);")]
    private static partial Regex CheckCall();
}
