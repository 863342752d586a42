using Xunit;
using System.Text;
using MailAuth.Dns;
using MailAuth.Keys;
using MailAuth.Messages;

namespace MailAuth.Tests.Dkim;

internal static class DkimTestData
{
    public static readonly DateTimeOffset Rfc8463Time = DateTimeOffset.FromUnixTimeSeconds(1528637909);

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "dkim", "rfc8463-appendix-a", name);

    public static byte[] ReadBytes(string name) => File.ReadAllBytes(PathOf(name));

    public static RawMessage ReadMessage(string name) => Read(ReadBytes(name));

    public static RawMessage Read(byte[] bytes)
    {
        var result = MessageReader.Default.Read(bytes);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Message!;
    }

    public static RawMessage Read(string text) => Read(Encoding.UTF8.GetBytes(text));

    public static ZoneFileResolver Rfc8463Zone() => ZoneFileResolver.FromFile(PathOf("dns-records.txt"));

    public static DkimSigningKey Rfc8463RsaKey() => DkimSigningKey.FromPem(File.ReadAllText(PathOf("rsa-1024-private.pem")));

    public static DkimSigningKey Rfc8463Ed25519Key() =>
        DkimSigningKey.FromEd25519Seed(Convert.FromBase64String(File.ReadAllText(PathOf("ed25519-private-seed.b64")).Trim()));
}
