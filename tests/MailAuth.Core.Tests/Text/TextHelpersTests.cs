using FsCheck.Xunit;
using MailAuth.Text;
using Xunit;

namespace MailAuth.Tests.Text;

public class TextHelpersTests
{
    [Theory]
    [InlineData("ab cd\r\n\tef\r\n gh", "abcdefgh")]
    [InlineData("", "")]
    [InlineData(" \t\r\n", "")]
    [InlineData("abc", "abc")]
    public void Strip_RemovesAllWhitespace(string text, string expected)
    {
        Span<char> buffer = stackalloc char[text.Length];
        int n = Fws.Strip(text, buffer);
        Assert.Equal(expected, buffer[..n].ToString());
    }

    [Fact]
    public void Strip_ShortDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => Fws.Strip("abc", new char[2]));
    }

    [Theory]
    [InlineData("  a b \r\n ", "a b")]
    [InlineData("\t", "")]
    public void Trim_RemovesSurroundingWhitespace(string text, string expected)
    {
        Assert.Equal(expected, Fws.Trim(text).ToString());
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(Fws.Trim(System.Text.Encoding.ASCII.GetBytes(text))));
    }

    [Theory]
    [InlineData("example.com", (int)(DomainNameRules.None), true)]
    [InlineData("mail.xn--bcher-kva.example", (int)(DomainNameRules.None), true)]
    [InlineData("a-b.c0", (int)(DomainNameRules.None), true)]
    [InlineData("123.example", (int)(DomainNameRules.None), true)]
    [InlineData("com", (int)(DomainNameRules.None), false)]
    [InlineData("com", (int)(DomainNameRules.AllowSingleLabel), true)]
    [InlineData("example.com.", (int)(DomainNameRules.None), false)]
    [InlineData("example.com.", (int)(DomainNameRules.AllowTrailingDot), true)]
    [InlineData(".", (int)(DomainNameRules.AllowTrailingDot | DomainNameRules.AllowSingleLabel), false)]
    [InlineData("_dmarc.example.com", (int)(DomainNameRules.None), false)]
    [InlineData("_dmarc.example.com", (int)(DomainNameRules.AllowUnderscore), true)]
    [InlineData("-a.example", (int)(DomainNameRules.None), false)]
    [InlineData("a-.example", (int)(DomainNameRules.None), false)]
    [InlineData("a..example", (int)(DomainNameRules.None), false)]
    [InlineData(".example", (int)(DomainNameRules.None), false)]
    [InlineData("", (int)(DomainNameRules.None), false)]
    [InlineData("b\u00fccher.example", (int)(DomainNameRules.None), false)]
    [InlineData("ex ample.com", (int)(DomainNameRules.None), false)]
    public void IsValid_ChecksLdhSyntax(string name, int rules, bool expected)
    {
        Assert.Equal(expected, DomainName.IsValid(name, (DomainNameRules)rules));
    }

    [Fact]
    public void IsValid_EnforcesLengthLimits()
    {
        string label63 = new('a', 63);
        Assert.True(DomainName.IsValid(label63 + ".example"));
        Assert.False(DomainName.IsValid(label63 + "a.example"));
        string name253 = string.Join('.', Enumerable.Repeat(label63, 3)) + "." + new string('b', 61);
        Assert.Equal(253, name253.Length);
        Assert.True(DomainName.IsValid(name253));
        Assert.True(DomainName.IsValid(name253 + ".", DomainNameRules.AllowTrailingDot));
        Assert.False(DomainName.IsValid(name253 + "b"));
    }

    [Fact]
    public void TryDecode_IgnoresFoldingWhitespace()
    {
        const string text = "SGVs\r\n bG8g\td29y bGQ=";
        Span<byte> buffer = stackalloc byte[Base64Text.GetMaxDecodedLength(text.Length)];
        Assert.True(Base64Text.TryDecode(text, buffer, out int written));
        Assert.Equal("Hello world", System.Text.Encoding.ASCII.GetString(buffer[..written]));
    }

    [Theory]
    [InlineData("SGVsbG8*")]
    [InlineData("SGVsbG8")]
    [InlineData("S=GV")]
    public void TryDecodePooled_InvalidBase64_Fails(string text)
    {
        Assert.False(Base64Text.TryDecodePooled(text, out var bytes));
        Assert.Equal(0, bytes.Length);
        bytes.Dispose();
    }

    [Property(MaxTest = 500)]
    public bool TryDecodePooled_RoundTripsWithInsertedWhitespace(byte[]? data, int seed)
    {
        data ??= [];
        string b64 = Convert.ToBase64String(data);
        var rnd = new Random(seed);
        var sb = new System.Text.StringBuilder();
        foreach (char c in b64)
        {
            if (rnd.Next(8) == 0)
            {
                sb.Append(rnd.Next(2) == 0 ? " " : "\r\n\t");
            }

            sb.Append(c);
        }

        if (!Base64Text.TryDecodePooled(sb.ToString(), out var bytes))
        {
            return false;
        }

        using (bytes)
        {
            return bytes.Span.SequenceEqual(data);
        }
    }
}
