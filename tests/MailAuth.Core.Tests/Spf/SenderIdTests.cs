using System.Net;
using System.Text;
using MailAuth.Dns;
using MailAuth.Messages;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf;

public class SenderIdTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    private static List<KeyValuePair<string, string>> Headers(params string[] fields)
        => fields.Select(f => f.Split(':', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();

    [Theory]
    [InlineData("From: Alice <alice@example.com>", "From", "alice@example.com")]
    [InlineData("From: alice@example.com|Sender: \"Bob, Jr.\" <bob@example.net> (the boss)", "Sender", "bob@example.net")]
    [InlineData("From: a@example.com|Resent-From: r@example.org|Resent-Sender: s@example.org", "Resent-Sender", "s@example.org")]
    [InlineData("Resent-From: r@example.org|Received: from x|Resent-Sender: s@example.org|From: a@example.com", "Resent-From", "r@example.org")]
    [InlineData("Resent-Sender:  |Resent-From: r@example.org|From: a@example.com", "Resent-From", "r@example.org")]
    [InlineData("Sender: <@route.example:bob@example.net>", "Sender", "bob@example.net")]
    [InlineData("From: \"quoted\\\"name\" <\"odd local\"@example.com>", "From", "\"odd local\"@example.com")]
    [InlineData(" resent-SENDER : s@example.org", "Resent-Sender", "s@example.org")]
    public void Find_Rfc4407Rules(string fields, string fieldName, string mailbox)
    {
        SenderIdPraResult pra = SenderIdPra.Find(Headers(fields.Split('|')));

        Assert.True(pra.Found, pra.ToString());
        Assert.Equal(fieldName, pra.FieldName);
        Assert.Equal(mailbox, pra.Mailbox);
    }

    [Theory]
    [InlineData("Subject: hi", "no Resent-Sender")]
    [InlineData("From: a@example.com|From: b@example.com", "more than one non-empty From")]
    [InlineData("Sender: a@example.com|Sender: b@example.com|From: c@example.com", "more than one non-empty Sender")]
    [InlineData("From: a@example.com, b@example.com", "more than one mailbox")]
    [InlineData("From: friends: a@example.com;", "group")]
    [InlineData("From: <<a@example.com>>", "nested")]
    [InlineData("From: not an address", "not an addr-spec")]
    [InlineData("From: (unterminated comment a@example.com", "malformed")]
    [InlineData("From: \"unterminated@example.com", "malformed")]
    [InlineData("From: a@", "not an addr-spec")]
    public void Find_BadInput_GivesProblem(string fields, string problem)
    {
        SenderIdPraResult pra = SenderIdPra.Find(Headers(fields.Split('|')));

        Assert.False(pra.Found);
        Assert.Contains(problem, pra.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPra_Spf20PraRecordWinsOverSpf1()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", "v=spf1 -all");
        zone.AddTxt("example.com", "spf2.0/pra,mfrom ip4:192.0.2.0/24 -all");
        var evaluator = new SenderIdEvaluator(zone);

        SpfResult result = await evaluator.CheckPraAsync(Client, Headers("From: Alice <alice@example.com>"));

        Assert.Equal(SpfStatus.Pass, result.Status);
        Assert.Equal(SpfIdentity.Pra, result.Identity);
        Assert.Equal("From", result.PraFieldName);
        Assert.Equal("alice@example.com", result.Sender);
    }

    [Fact]
    public async Task CheckPra_NoPraScope_FallsBackToSpf1()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", "spf2.0/mfrom +all");
        zone.AddTxt("example.com", "v=spf1 -all");
        var evaluator = new SenderIdEvaluator(zone);

        SpfResult pra = await evaluator.CheckPraAsync(Client, Headers("From: alice@example.com"));
        SpfResult mfrom = await evaluator.CheckMailFromAsync(Client, "alice@example.com", "mail.example.com");

        Assert.Equal(SpfStatus.Fail, pra.Status);
        Assert.Equal(SpfStatus.Pass, mfrom.Status);
    }

    [Fact]
    public async Task CheckPra_TwoPraRecordsOrNoPra_PermError()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.com", "spf2.0/pra -all");
        zone.AddTxt("example.com", "spf2.0/pra,mfrom +all");
        var evaluator = new SenderIdEvaluator(zone);

        SpfResult two = await evaluator.CheckPraAsync(Client, Headers("From: alice@example.com"));
        SpfResult none = await evaluator.CheckPraAsync(Client, Headers("Subject: no sender"));

        Assert.Equal(SpfStatus.PermError, two.Status);
        Assert.Equal(SpfStatus.PermError, none.Status);
        Assert.Contains("Purported Responsible Address", none.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckPra_FromParsedMessage_UsesHeaderFields()
    {
        var zone = new ZoneFileResolver();
        zone.AddTxt("example.org", "spf2.0/pra include:_spf.example.org -all");
        zone.AddTxt("_spf.example.org", "v=spf1 ip4:192.0.2.10");
        byte[] raw = Encoding.ASCII.GetBytes("From: a@example.com\r\nSender: List\r\n <list@example.org>\r\nSubject: x\r\n\r\nbody\r\n");
        using RawMessage message = MessageReader.Default.Read(raw).Message!;

        SpfResult result = await new SenderIdEvaluator(zone).CheckPraAsync(Client, message.Headers);

        Assert.Equal(SpfStatus.Pass, result.Status);
        Assert.Equal("Sender", result.PraFieldName);
        Assert.Equal("list@example.org", result.Sender);
    }

    [Theory]
    [InlineData("spf2.0/pra", true, SenderIdScope.Pra)]
    [InlineData("SPF2.0/mfrom,pra -all", true, SenderIdScope.Pra | SenderIdScope.MailFrom)]
    [InlineData("spf2.0/future", true, SenderIdScope.None)]
    [InlineData("spf2.0/", false, SenderIdScope.None)]
    [InlineData("spf2.0/pra,,mfrom", false, SenderIdScope.None)]
    [InlineData("v=spf1", false, SenderIdScope.None)]
    public void TryParseVersion_Scopes(string text, bool ok, SenderIdScope scopes)
    {
        Assert.Equal(ok, SenderIdRecordSelector.TryParseVersion(text, out SenderIdScope parsed, out _));
        Assert.Equal(scopes, ok ? parsed : SenderIdScope.None);
    }
}
