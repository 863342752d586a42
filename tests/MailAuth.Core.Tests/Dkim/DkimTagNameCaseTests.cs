using MailAuth.Dkim;
using Xunit;

namespace MailAuth.Tests.Dkim;

/// <summary>
/// RFC 6376 §3.2: "Tags MUST be interpreted in a case-sensitive manner." Unlike DMARC (whose tag names are
/// case-insensitive ABNF strings, RFC 7489 §6.4), an upper-case DKIM tag name is a different, unknown tag. These
/// tests pin that choice: <c>D=</c> is not <c>d=</c>, <c>P=</c> is not <c>p=</c>.
/// </summary>
public sealed class DkimTagNameCaseTests
{
    private const string Signature = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel; h=from:to; bh=YWJj; b=YWJj";

    [Fact]
    public void DkimSignatureTryParse_LowerCaseTags_Parses()
        => Assert.True(DkimSignature.TryParse(Signature, out _, out _));

    [Theory]
    [InlineData("d=example.com", "D=example.com")]
    [InlineData("s=sel", "S=sel")]
    [InlineData("b=YWJj", "B=YWJj")]
    public void DkimSignatureTryParse_UpperCaseRequiredTag_IsMissingTheTag(string tag, string upper)
    {
        Assert.False(DkimSignature.TryParse(Signature.Replace(tag, upper, StringComparison.Ordinal), out var signature, out var error));
        Assert.Null(signature);
        Assert.True(error.IsError);
    }

    [Fact]
    public void DkimPublicKeyTryParse_UpperCaseKeyTag_IsMissingTheKey()
    {
        Assert.True(DkimPublicKey.TryParse("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", out _, out _));
        Assert.False(DkimPublicKey.TryParse("v=DKIM1; k=ed25519; P=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", out _, out var error));
        Assert.True(error.IsError);
    }
}
