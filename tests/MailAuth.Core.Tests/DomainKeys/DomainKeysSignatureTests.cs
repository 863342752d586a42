using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MailAuth.DomainKeys;
using Xunit;

namespace MailAuth.Tests.DomainKeys;

public sealed class DomainKeysSignatureTests
{
    [Fact]
    public void TryParse_DraftSection3_3Example_Parses()
    {
        // draft-delany-domainkeys-base-06 §3.3, the field spread across continuation lines.
        const string value = " a=rsa-sha1; s=brisbane; d=example.net;\r\n c=simple; q=dns;\r\n b=dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZ\r\n   VoG4ZHRNiYzR;";

        Assert.True(DomainKeysSignature.TryParse(value, 256, out var signature, out var problem, out string? reason), reason);

        Assert.Equal(DomainKeysProblem.None, problem);
        Assert.Equal("example.net", signature.Domain);
        Assert.Equal("brisbane", signature.Selector);
        Assert.Equal(DomainKeysCanonicalization.Simple, signature.Canonicalization);
        Assert.Equal("rsa-sha1", signature.AlgorithmName);
        Assert.Null(signature.SignedHeaders);
        Assert.Equal(Convert.FromBase64String("dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZVoG4ZHRNiYzR"), signature.Signature);
    }

    [Fact]
    public void TryParse_NoAlgorithm_DefaultsToRsaSha1AndHListIgnoresWhiteSpace()
    {
        Assert.True(DomainKeysSignature.TryParse("s=sel; d=example.net; c=nofws; q=dns; h=From : To:\r\n Subject; b=AAAA", 256, out var signature, out _, out string? reason), reason);

        Assert.Equal("rsa-sha1", signature.AlgorithmName);
        Assert.Equal(DomainKeysCanonicalization.NoFws, signature.Canonicalization);
        Assert.Equal(["From", "To", "Subject"], signature.SignedHeaders!);
    }

    [Theory]
    [InlineData("s=sel; d=example.net; c=simple; q=dns; d=evil.example; b=AAAA", DomainKeysProblem.MalformedSignature)]
    [InlineData("s=sel; d=example.net; c=simple; b=AAAA", DomainKeysProblem.MissingRequiredTag)]
    [InlineData("s=sel; d=example.net; c=simple; q=dns; h=; b=AAAA", DomainKeysProblem.MalformedSignature)]
    [InlineData("s=sel; d=example.net; c=simple; q=dns; h=from::to; b=AAAA", DomainKeysProblem.MalformedSignature)]
    [InlineData("s=sel; d=exa mple.net; c=simple; q=dns; b=AAAA", DomainKeysProblem.MalformedSignature)]
    [InlineData("s=sel; d=example.net; c=simple; q=dns; b=", DomainKeysProblem.MalformedBase64)]
    [InlineData("s=sel; d=example.net; c=simple/simple; q=dns; b=AAAA", DomainKeysProblem.UnsupportedCanonicalization)]
    [InlineData("s=sel\r\nX-Injected: 1; d=example.net; c=simple; q=dns; b=AAAA", DomainKeysProblem.MalformedSignature)]
    public void TryParse_Invalid_GivesProblem(string value, DomainKeysProblem expected)
    {
        Assert.False(DomainKeysSignature.TryParse(value, 256, out _, out var problem, out string? reason));

        Assert.Equal(expected, problem);
        Assert.NotNull(reason);
    }

    [Property(MaxTest = 3000)]
    public Property TryParse_AnyText_NeverThrows()
        => Prop.ForAll(
            Gen.Elements("a=", "b=", "c=", "d=", "h=", "q=", "s=", ";", ":", " ", "\r\n ", "\r\n", "rsa-sha1", "nofws", "simple", "dns", "example.net", "AAAA", "=", "\u0000", "é", "from")
                .ListOf()
                .Select(parts => string.Concat(parts))
                .ToArbitrary(),
            text =>
            {
                bool ok = DomainKeysSignature.TryParse(text, 16, out var signature, out var problem, out string? reason);
                return ok == (signature is not null) && ok == (problem == DomainKeysProblem.None) && ok == (reason is null);
            });
}
