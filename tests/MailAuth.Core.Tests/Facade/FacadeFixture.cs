using System.Text;
using MailAuth.Dkim;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;

namespace MailAuth.Tests.Facade;

/// <summary>Builds messages signed with the sample key and resolvers answering from the sample zone.</summary>
internal static class FacadeFixture
{
    private static readonly Lazy<string> ZoneText = new(() => File.ReadAllText(SampleFiles.PathOf("example.zone")));
    private static readonly Lazy<DkimSigningKey> Key = new(() => DkimSigningKey.FromPem(File.ReadAllText(SampleFiles.PathOf(SampleFiles.KeyFile))));

    public static SmtpContext GoodContext => new(SampleFiles.GoodIp, SampleFiles.Helo, SampleFiles.MailFrom);

    public static ZoneFileResolver Zone(ZoneFileResolverOptions? options = null)
    {
        var zone = new ZoneFileResolver(options);
        zone.LoadZone(ZoneText.Value);
        return zone;
    }

    public static string Unsigned(string fromHeaders = "From: Alice Example <alice@example.com>\r\n", string body = "Hello Bob,\r\n\r\nsee you tomorrow.\r\n") =>
        fromHeaders
        + "To: bob@example.net\r\n"
        + "Subject: Lunch\r\n"
        + "Date: Thu, 15 Jan 2026 10:30:00 +0000\r\n"
        + "Message-ID: <lunch.1@mail.example.com>\r\n"
        + "\r\n"
        + body;

    public static byte[] Signed(string? text = null, DkimMessageSignerOptions? options = null)
    {
        byte[] unsigned = Encoding.UTF8.GetBytes(text ?? Unsigned());
        using RawMessage raw = MessageReader.Default.Read(unsigned).Message!;
        string field = new DkimMessageSigner(options).Sign(raw, Key.Value, SampleFiles.Domain, SampleFiles.Selector);
        return [.. Encoding.ASCII.GetBytes(field + "\r\n"), .. unsigned];
    }
}
