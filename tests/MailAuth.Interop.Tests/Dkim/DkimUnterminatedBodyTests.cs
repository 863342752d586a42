using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace MailAuth.Interop.Tests.Dkim;

/// <summary>
/// Where the peers disagree (a body without a final CRLF), our body hash follows RFC 6376 to the letter:
/// the expected canonical bodies are written out here by hand from §3.4.3 and §3.4.4.
/// </summary>
public sealed class DkimUnterminatedBodyTests
{
    [Theory]
    [InlineData("simple", "Line one\r\n\r\nLine three   \r\n")] // §3.4.3: a CRLF is added
    [InlineData("relaxed", "Line one\r\n\r\nLine three\r\n")] // §3.4.4: trailing WSP ignored, then a CRLF added
    public async Task OurSignature_BodyWithoutFinalCrlf_BodyHashIsTheRfcCanonicalBody(string bodyCanonicalization, string canonicalBody)
    {
        var request = new DkimSignRequest(DkimTestKeys.RsaSha256, "relaxed/" + bodyCanonicalization, BodyLength: false);
        var message = DkimTestMessages.Load(DkimTestMessages.UnterminatedBody);
        Assert.NotEqual((byte)'\n', message[^1]);

        var signed = await DkimPeerRegistry.Ours.SignAsync(message, request);

        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(canonicalBody)));
        Assert.Equal(expected, SignedMessages.Tags(SignedMessages.SignatureField(signed))["bh"]);
    }
}
