using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.Messages;
using Xunit;

namespace MailAuth.Tests.Messages;

public sealed class AddressListParserTests
{
    private static (bool Ok, string? Error, List<AddressListMailbox> Mailboxes, AddressListParser Parser) Parse(string text, int stopAfter = int.MaxValue)
    {
        var mailboxes = new List<AddressListMailbox>();
        var parser = new AddressListParser(text, m =>
        {
            mailboxes.Add(m);
            return mailboxes.Count < stopAfter;
        });
        bool ok = parser.TryParse(out string? error);
        return (ok, error, mailboxes, parser);
    }

    [Theory]
    [InlineData("Alice <alice@Example.com>", "alice@Example.com", "Example.com")]
    [InlineData("bob@example.net (the boss)", "bob@example.net", "example.net")]
    [InlineData("\"Bob, Jr.\" <bob@example.net>", "bob@example.net", "example.net")]
    [InlineData("<@route.example,@r2.example:bob@example.net>", "bob@example.net", "example.net")]
    [InlineData("\"odd local\"@example.com", "\"odd local\"@example.com", "example.com")]
    [InlineData("a@example . com", "a@example . com", "example.com")]
    [InlineData("a@[192.0.2.1]", "a@[192.0.2.1]", null)]
    [InlineData("not an address", "not an address", null)]
    public void TryParse_OneMailbox_AddressAndDomain(string text, string address, string? domain)
    {
        var (ok, error, mailboxes, _) = Parse(text);

        Assert.True(ok, error);
        AddressListMailbox mailbox = Assert.Single(mailboxes);
        Assert.Equal(address, mailbox.Address);
        Assert.Equal(domain, mailbox.Domain);
    }

    [Fact]
    public void TryParse_GroupsAndLists_ReportsEveryMailboxAndOffsets()
    {
        var (ok, _, mailboxes, parser) = Parse("a@x.example, friends: b@y.example, c@z.example;, d@w.example");

        Assert.True(ok);
        Assert.Equal(["x.example", "y.example", "z.example", "w.example"], mailboxes.Select(m => m.Domain));
        Assert.Equal([false, true, true, false], mailboxes.Select(m => m.InGroup));
        Assert.Equal(11, parser.FirstDelimiterOffset);
        Assert.Equal(20, parser.FirstGroupOffset);
    }

    [Theory]
    [InlineData("<<a@example.com>>", "nested '<'", 1)]
    [InlineData("a@example.com>", "unbalanced '>'", 13)]
    [InlineData("(open a@example.com", "unbalanced comment", 0)]
    [InlineData("\"open@example.com", "unterminated quoted string", 0)]
    [InlineData("<a@example.com", "unterminated '<'", 14)]
    public void TryParse_Malformed_GivesErrorAndOffset(string text, string error, int offset)
    {
        var (ok, actual, _, parser) = Parse(text);

        Assert.False(ok);
        Assert.Equal(error, actual);
        Assert.Equal(offset, parser.ErrorOffset);
    }

    [Fact]
    public void TryParse_CallbackStops_ReadsNoFurther()
    {
        var (ok, _, mailboxes, _) = Parse("a@x.example, b@y.example, <<broken", stopAfter: 1);

        Assert.True(ok);
        Assert.Single(mailboxes);
    }

    private static readonly Gen<string> FieldLike =
        Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "@", ".", ",", ";", ":", "<", ">", "(", ")", "\"", "\\", "[", "]", " ", "\r\n ", "example", "\u00fc"), n)).Select(parts => string.Concat(parts));

    [Property(MaxTest = 3000)]
    public Property TryParse_NeverThrows_ErrorIffFalse()
        => Prop.ForAll(FieldLike.ToArbitrary(), text =>
        {
            var (ok, error, mailboxes, parser) = Parse(text);
            return ok == (error is null) && ok == (parser.ErrorOffset < 0)
                && mailboxes.All(m => m.Address.Length > 0 && (m.Domain is null || !m.Domain.Contains(' ', StringComparison.Ordinal)));
        });

    [Theory]
    [InlineData("a@b.example,")]
    [InlineData("((((((")]
    [InlineData("\"x\" <y@z.example> (c) ")]
    [InlineData("g: a@b.example, (c)\"q\"@d.example;")]
    public void TryParse_Cost_IsLinearInFieldLength(string unit)
    {
        // Counts allocated bytes (not time): 16x the input must cost at most about 16x the allocation.
        long Measure(int repeat)
        {
            string text = string.Concat(Enumerable.Repeat(unit, repeat));
            long least = long.MaxValue;
            for (int run = 0; run < 3; run++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                _ = new AddressListParser(text, _ => true).TryParse(out _);
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            return least;
        }

        long small = Measure(200), large = Measure(3200);
        Assert.True(large <= (small * 16 * 2) + 4096, $"200 units: {small} B, 3200 units: {large} B");
    }
}
