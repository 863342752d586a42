using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Text;
using Xunit;

namespace MailAuth.Tests.Text;

public sealed class DomainNameTests
{
    private const DomainNameRules Owner = DomainNameRules.AllowSingleLabel | DomainNameRules.AllowUnderscore;

    [Theory]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("_dmarc.Example.com", "_dmarc.example.com")]
    [InlineData("b\u00fccher.example", "xn--bcher-kva.example")]
    [InlineData("XN--BCHER-KVA.example", "xn--bcher-kva.example")]
    [InlineData("localhost", "localhost")]
    public void TryParse_Valid_NormalizesToALabelLowerCaseWithoutDot(string text, string expected)
    {
        Assert.True(DomainName.TryParse(text, Owner, out DomainName name, out string? error), error);
        Assert.Equal(expected, name.Value);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData(".", "empty")]
    [InlineData("a..example", "invalid domain")]
    [InlineData("ex ample.com", "invalid domain")]
    [InlineData("example.com..", "invalid domain")]
    [InlineData("-a.example", "invalid domain")]
    [InlineData("\u00e9\u0000.example", "invalid")]
    public void TryParse_Invalid_GivesReason(string? text, string reason)
    {
        Assert.False(DomainName.TryParse(text, Owner, out DomainName name, out string? error));
        Assert.True(name.IsEmpty);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Limits_AreMaxLengthAndMaxLabelLength()
    {
        string label = new('a', DomainName.MaxLabelLength);
        Assert.True(DomainName.TryParse(label + ".example", Owner, out _, out _));
        Assert.False(DomainName.TryParse(label + "a.example", Owner, out _, out _));
        string longest = string.Join('.', label, label, label, new string('b', 61));
        Assert.Equal(DomainName.MaxLength, longest.Length);
        Assert.True(DomainName.TryParse(longest + ".", Owner, out DomainName name, out _));
        Assert.Equal(longest, name.Value);
        Assert.False(DomainName.TryParse(longest + "b", Owner, out _, out _));
    }

    [Fact]
    public void Parent_WalksUpToTheEmptyName()
    {
        Assert.True(DomainName.TryParse("a.b.Example.com", Owner, out DomainName name, out _));
        var chain = new List<string>();
        for (DomainName d = name; !d.IsEmpty; d = d.Parent)
        {
            chain.Add(d.Value);
        }

        Assert.Equal(["a.b.example.com", "b.example.com", "example.com", "com"], chain);
        Assert.True(default(DomainName).Parent.IsEmpty);
    }

    [Fact]
    public void IsSubdomainOf_ProperSubdomainsOnly()
    {
        DomainName Parse(string s) => DomainName.TryParse(s, Owner, out DomainName d, out _) ? d : throw new InvalidOperationException(s);

        Assert.True(Parse("mail.Example.com").IsSubdomainOf(Parse("example.com")));
        Assert.False(Parse("example.com").IsSubdomainOf(Parse("example.com")));
        Assert.True(Parse("example.com").IsSameOrSubdomainOf(Parse("EXAMPLE.com.")));
        Assert.False(Parse("badexample.com").IsSubdomainOf(Parse("example.com")));
        Assert.False(Parse("example.com").IsSubdomainOf(default));
    }

    [Fact]
    public void Labels_CountAndIndexFromTheLeft()
    {
        Assert.True(DomainName.TryParse("a.b.example", Owner, out DomainName name, out _));
        Assert.Equal(3, name.LabelCount);
        Assert.Equal("b", name.GetLabel(1).ToString());
        Assert.Equal("example", name.TopLabel.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => name.GetLabel(3));
        Assert.Equal(0, default(DomainName).LabelCount);
    }

    [Fact]
    public void Equals_IsCaseInsensitiveWithMatchingHash()
    {
        Assert.True(DomainName.TryCreateQueryName("Example.COM", out DomainName a, out _));
        Assert.True(DomainName.TryParse("example.com.", Owner, out DomainName b, out _));
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("%{i}._spf.Example.com.", true)]
    [InlineData("a..b", false)]
    [InlineData("a b.example", false)]
    [InlineData("", false)]
    [InlineData(".", false)]
    public void TryCreateQueryName_AcceptsAnyPrintableLabel(string text, bool expected)
    {
        Assert.Equal(expected, DomainName.TryCreateQueryName(text, out DomainName name, out string? error));
        Assert.Equal(expected, error is null);
        Assert.Equal(expected, !name.IsEmpty);
    }

    [Fact]
    public void IsQueryable_ChecksWireLimits()
    {
        Assert.True(DomainName.IsQueryable("example.com."));
        Assert.False(DomainName.IsQueryable(new string('a', DomainName.MaxLabelLength + 1) + ".com"));
        Assert.False(DomainName.IsQueryable("a..com"));
        Assert.False(DomainName.IsQueryable("."));
    }

    private static readonly Gen<string> NameLike =
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
            Gen.Choose(0, 30).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "B", "-", ".", "_", "xn--", "\u00fc", "1", "ß", " ", "\u3002", new string('x', 63)), n)).Select(parts => string.Concat(parts)));

    [Property(MaxTest = 2000)]
    public Property TryParse_NeverThrowsAndIsIdempotent()
        => Prop.ForAll(NameLike.ToArbitrary(), text =>
        {
            if (!DomainName.TryParse(text, Owner, out DomainName name, out string? error))
            {
                return error is not null && name.IsEmpty;
            }

            bool again = DomainName.TryParse(name.Value, Owner, out DomainName twice, out _);
            return again && twice.Value == name.Value
                && name.Value.Length <= DomainName.MaxLength
                && !name.Value.EndsWith('.')
                && name.Value == name.Value.ToLowerInvariant()
                && System.Text.Ascii.IsValid(name.Value);
        });

    [Property(MaxTest = 2000)]
    public Property ParentChain_EndsAndMatchesLabels()
        => Prop.ForAll(NameLike.ToArbitrary(), text =>
        {
            if (!DomainName.TryParse(text, Owner, out DomainName name, out _))
            {
                return true;
            }

            int steps = 0;
            bool consistent = true;
            for (DomainName d = name.Parent; !d.IsEmpty; d = d.Parent)
            {
                steps++;
                consistent &= name.IsSubdomainOf(d) && !d.IsSubdomainOf(name) && d.LabelCount == name.LabelCount - steps
                    && d.GetLabel(0).SequenceEqual(name.GetLabel(steps));
            }

            return consistent && steps == name.LabelCount - 1 && !name.IsSubdomainOf(name)
                && name.Value.Split('.').All(l => l.Length is > 0 and <= DomainName.MaxLabelLength);
        });

    [Property(MaxTest = 2000)]
    public Property TryCreateQueryName_NeverThrowsAndIsIdempotent()
        => Prop.ForAll(NameLike.ToArbitrary(), text =>
        {
            if (!DomainName.TryCreateQueryName(text, out DomainName name, out string? error))
            {
                return error is not null;
            }

            return DomainName.TryCreateQueryName(name.Value, out DomainName twice, out _) && twice.Value == name.Value
                && DomainName.IsQueryable(name.Value);
        });
}
