using MailAuth.Cli;
using Xunit;

namespace MailAuth.Tests.Cli;

public class ArgumentParserTests
{
    private static readonly OptionSpec[] Specs =
    [
        new("zone", "FILE", "zone", Repeatable: true),
        new("json", null, "json"),
        new("help", null, "help", ShortName: 'h'),
    ];

    [Fact]
    public void Parse_MixedOptionsAndPositionals_SeparatesThem()
    {
        var parsed = ArgumentParser.Parse(["TXT", "--zone", "a.zone", "example.com", "--zone=b.zone", "--json"], Specs);

        Assert.Equal(["TXT", "example.com"], parsed.Positionals);
        Assert.Equal(["a.zone", "b.zone"], parsed.GetAll("zone"));
        Assert.True(parsed.Has("json"));
        Assert.False(parsed.Has("help"));
    }

    [Fact]
    public void Parse_DoubleDash_EndsOptions()
    {
        var parsed = ArgumentParser.Parse(["--", "--json", "-h"], Specs);

        Assert.Equal(["--json", "-h"], parsed.Positionals);
        Assert.False(parsed.Has("json"));
    }

    [Fact]
    public void Parse_ShortAliasAndSingleDash_Handled()
    {
        var parsed = ArgumentParser.Parse(["-h", "-", "-5x"], Specs);

        Assert.True(parsed.Has("help"));
        Assert.Equal(["-", "-5x"], parsed.Positionals);
    }

    [Theory]
    [InlineData("unknown option '--nope'", "--nope")]
    [InlineData("needs a value", "--zone")]
    [InlineData("takes no value", "--json=yes")]
    [InlineData("given more than once", "--json", "--json")]
    [InlineData("unknown option '-x'", "-x")]
    public void Parse_BadCommandLine_ThrowsUsage(string message, params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => ArgumentParser.Parse(args, Specs));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectPositionals_TooMany_Throws()
    {
        var parsed = ArgumentParser.Parse(["a", "b", "c"], Specs);

        Assert.Throws<UsageException>(() => parsed.ExpectPositionals(2, 2, "X Y"));
    }
}
