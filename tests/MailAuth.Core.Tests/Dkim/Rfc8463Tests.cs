using Xunit;
using MailAuth.Dkim;
using MailAuth.Keys;
using Microsoft.Extensions.Time.Testing;

namespace MailAuth.Tests.Dkim;

/// <summary>RFC 8463 Appendix A: the example message, its keys and DNS records (TestData/dkim/rfc8463-appendix-a).</summary>
public sealed class Rfc8463Tests
{
    private static readonly FakeTimeProvider Clock = new(DkimTestData.Rfc8463Time.AddMinutes(1));

    [Fact]
    public async Task VerifyAsync_Rfc8463Example_BothSignaturesPass()
    {
        using var message = DkimTestData.ReadMessage("rfc8463-example.msg");
        var verifier = new DkimMessageVerifier(DkimTestData.Rfc8463Zone(), new DkimMessageVerifierOptions { TimeProvider = Clock });

        var results = await verifier.VerifyAsync(message);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(DkimStatus.Pass, r.Status));
        Assert.Equal("ed25519-sha256", results[0].AlgorithmName);
        Assert.Equal("brisbane", results[0].Selector);
        Assert.Equal(256, results[0].KeyBits);
        Assert.Equal("rsa-sha256", results[1].AlgorithmName);
        Assert.Equal("test", results[1].Selector);
        Assert.Equal(1024, results[1].KeyBits);
        Assert.All(results, r => Assert.Equal("football.example.com", r.Domain));
        Assert.All(results, r => Assert.Equal("@football.example.com", r.Identity));
        Assert.Equal("/gCrinpc", results[0].SignaturePrefix);
        Assert.Equal("F45dVWDf", results[1].SignaturePrefix);
    }

    [Fact]
    public async Task VerifyAsync_Rfc8463ExampleWithBytesOverload_BothPass()
    {
        var verifier = new DkimMessageVerifier(DkimTestData.Rfc8463Zone(), new DkimMessageVerifierOptions { TimeProvider = Clock });

        var results = await verifier.VerifyAsync(DkimTestData.ReadBytes("rfc8463-example.msg").AsMemory());

        Assert.Equal([DkimStatus.Pass, DkimStatus.Pass], results.Select(r => r.Status));
    }

    [Fact]
    public async Task VerifyAsync_Rfc8463ExampleBodyChanged_BothFailWithBodyHashMismatch()
    {
        string text = File.ReadAllText(DkimTestData.PathOf("rfc8463-example.msg")).Replace("hungry", "Hungry", StringComparison.Ordinal);
        using var message = DkimTestData.Read(text);
        var verifier = new DkimMessageVerifier(DkimTestData.Rfc8463Zone(), new DkimMessageVerifierOptions { TimeProvider = Clock });

        var results = await verifier.VerifyAsync(message);

        Assert.All(results, r => Assert.Equal(DkimStatus.Fail, r.Status));
        Assert.All(results, r => Assert.Equal(DkimProblem.BodyHashMismatch, r.Problem));
    }

    [Fact]
    public async Task VerifyAsync_Rfc8463ExampleSubjectChanged_BothFailWithSignatureMismatch()
    {
        string text = File.ReadAllText(DkimTestData.PathOf("rfc8463-example.msg")).Replace("Subject: Is dinner ready?", "Subject: Is lunch ready?", StringComparison.Ordinal);
        using var message = DkimTestData.Read(text);
        var verifier = new DkimMessageVerifier(DkimTestData.Rfc8463Zone(), new DkimMessageVerifierOptions { TimeProvider = Clock });

        var results = await verifier.VerifyAsync(message);

        Assert.All(results, r => Assert.Equal(DkimProblem.SignatureMismatch, r.Problem));
        Assert.All(results, r => Assert.Equal(DkimStatus.Fail, r.Status));
    }

    [Fact]
    public void Sign_Rfc8463UnsignedInput_ReproducesBodyHashAndEd25519Signature()
    {
        using var message = DkimTestData.ReadMessage("rfc8463-unsigned-input.msg");
        using var expected = DkimTestData.ReadMessage("rfc8463-example.msg");
        var expectedEd = DkimSignature.Parse(expected.Headers[0].GetValueText());
        var expectedRsa = DkimSignature.Parse(expected.Headers[1].GetValueText());
        using var edKey = DkimTestData.Rfc8463Ed25519Key();
        using var rsaKey = DkimTestData.Rfc8463RsaKey();
        var options = new DkimMessageSignerOptions { SignedHeaders = ["from", "to", "subject", "date", "message-id", "from", "subject", "date"] };
        var signer = new DkimMessageSigner((options ?? new DkimMessageSignerOptions()).Freeze(timeProvider: new FakeTimeProvider(DkimTestData.Rfc8463Time)));

        var fields = signer.Sign(message, [
            new DkimSigningRequest(edKey, "football.example.com", "brisbane", "@football.example.com"),
            new DkimSigningRequest(rsaKey, "football.example.com", "test", "@football.example.com"),
        ]);

        var ed = DkimSignature.Parse(fields[0].AsSpan("DKIM-Signature:".Length));
        var rsa = DkimSignature.Parse(fields[1].AsSpan("DKIM-Signature:".Length));
        Assert.Equal(Convert.ToBase64String(expectedEd.BodyHash.Span), Convert.ToBase64String(ed.BodyHash.Span));
        Assert.Equal("2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=", Convert.ToBase64String(rsa.BodyHash.Span));
        Assert.Equal(DkimTestData.Rfc8463Time, ed.Timestamp);
        Assert.Equal(expectedEd.SignedHeaders, ed.SignedHeaders);
    }

    [Fact]
    public void SignTemplate_Rfc8463TagLayout_ReproducesTheRfcBodyHashesAndEd25519Signature()
    {
        using var unsigned = DkimTestData.ReadMessage("rfc8463-unsigned-input.msg");
        using var expected = DkimTestData.ReadMessage("rfc8463-example.msg");
        var expectedEd = DkimSignature.Parse(expected.Headers[0].GetValueText());
        var expectedRsa = DkimSignature.Parse(expected.Headers[1].GetValueText());
        using var edKey = DkimTestData.Rfc8463Ed25519Key();
        using var rsaKey = DkimTestData.Rfc8463RsaKey();
        var signer = new DkimMessageSigner();

        // The RFC's own fields with b= and bh= emptied: the signer must fill both.
        string edField = signer.SignTemplate(unsigned, edKey, Template(expected.Headers[0].ToString(), emptyBodyHash: true));
        string rsaField = signer.SignTemplate(unsigned, rsaKey, Template(expected.Headers[1].ToString(), emptyBodyHash: true));

        var ed = DkimSignature.Parse(edField.AsSpan("DKIM-Signature:".Length));
        var rsa = DkimSignature.Parse(rsaField.AsSpan("DKIM-Signature:".Length));
        Assert.Equal(expectedEd.SignatureBase64, ed.SignatureBase64);
        Assert.Equal(Convert.ToBase64String(expectedEd.BodyHash.Span), Convert.ToBase64String(ed.BodyHash.Span));
        Assert.Equal(Convert.ToBase64String(expectedRsa.BodyHash.Span), Convert.ToBase64String(rsa.BodyHash.Span));

        // RSASSA-PKCS1-v1_5 is deterministic as well, so the RSA b= is reproduced too.
        Assert.Equal(expectedRsa.SignatureBase64, rsa.SignatureBase64);
    }

    [Fact]
    public async Task SignTemplate_Rfc8463TagLayout_KeepsTheTemplateTextAndVerifies()
    {
        byte[] input = DkimTestData.ReadBytes("rfc8463-unsigned-input.msg");
        using var unsigned = DkimTestData.Read(input);
        using var expected = DkimTestData.ReadMessage("rfc8463-example.msg");
        using var edKey = DkimTestData.Rfc8463Ed25519Key();
        string template = Template(expected.Headers[0].ToString(), emptyBodyHash: false);

        Assert.True(new DkimMessageSigner().TrySignTemplate(unsigned, edKey, template, out string? field, out var error), error.ToString());

        Assert.StartsWith(template[..template.LastIndexOf("b=", StringComparison.Ordinal)], field, StringComparison.Ordinal);
        Assert.All(field.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
        using var signed = DkimTestData.Read(field + "\r\n" + System.Text.Encoding.UTF8.GetString(input));
        var results = await new DkimMessageVerifier(DkimTestData.Rfc8463Zone(), new DkimMessageVerifierOptions { TimeProvider = Clock }).VerifyAsync(signed);
        Assert.Equal(DkimStatus.Pass, Assert.Single(results).Status);
    }

    [Theory]
    [InlineData("v=1; a=ed25519-sha256; d=football.example.com; s=brisbane; h=from; bh=; b=abc", DkimProblem.MalformedSignature)]
    [InlineData("v=1; a=ed25519-sha256; d=football.example.com; s=brisbane; h=to; bh=; b=", DkimProblem.FromNotSigned)]
    [InlineData("v=1; a=rsa-sha256; d=football.example.com; s=brisbane; h=from; bh=; b=", DkimProblem.KeyAlgorithmMismatch)]
    [InlineData("v=1; a=ed25519-sha256; d=football.example.com; s=brisbane; h=from; b=", DkimProblem.MissingRequiredTag)]
    [InlineData("v=1; a=ed25519-sha256; d=football.example.com; s=brisbane; h=from; bh=!!; b=", DkimProblem.MalformedBase64)]
    [InlineData("v=1; a=ed25519-sha256; d=football.example.com; i=@other.example; s=brisbane; h=from; bh=; b=", DkimProblem.DomainMismatch)]
    public void TrySignTemplate_InvalidTemplate_ReturnsTheProblem(string template, DkimProblem problem)
    {
        using var unsigned = DkimTestData.ReadMessage("rfc8463-unsigned-input.msg");
        using var edKey = DkimTestData.Rfc8463Ed25519Key();

        bool signed = new DkimMessageSigner().TrySignTemplate(unsigned, edKey, template, out string? field, out var error);

        Assert.False(signed);
        Assert.Null(field);
        Assert.Equal(problem, error.Problem);
        Assert.Throws<FormatException>(() => new DkimMessageSigner().SignTemplate(unsigned, edKey, template));
    }

    [Fact]
    public void SignTemplate_ValueWithoutFieldNameAndBodyLength_FillsBothHashesAfterTheName()
    {
        using var unsigned = DkimTestData.ReadMessage("rfc8463-unsigned-input.msg");
        using var edKey = DkimTestData.Rfc8463Ed25519Key();

        string field = new DkimMessageSigner().SignTemplate(unsigned, edKey, " v=1; a=ed25519-sha256; c=simple/simple; d=football.example.com; s=brisbane; l=4; h=from:to; bh=; b=");

        Assert.StartsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=simple/simple;", field, StringComparison.Ordinal);
        var signature = DkimSignature.Parse(field.AsSpan("DKIM-Signature:".Length));
        Assert.Equal(4, signature.BodyLength);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("Hi.\r"u8)), Convert.ToBase64String(signature.BodyHash.Span));
        Assert.Equal(64, signature.Signature.Length);
    }

    // The RFC's field text with the b= value (and optionally the bh= value) deleted, layout otherwise unchanged.
    private static string Template(string field, bool emptyBodyHash)
    {
        string template = System.Text.RegularExpressions.Regex.Replace(field.TrimEnd('\r', '\n'), @"(?<=[;\s]b=)[^;]*$", string.Empty);
        return emptyBodyHash ? System.Text.RegularExpressions.Regex.Replace(template, @"(?<=[;\s]bh=)[^;]*", string.Empty) : template;
    }

    [Fact]
    public async Task Sign_Rfc8463UnsignedInputDualSigned_VerifiesWithRfcRecords()
    {
        byte[] input = DkimTestData.ReadBytes("rfc8463-unsigned-input.msg");
        using var message = DkimTestData.Read(input);
        using var edKey = DkimTestData.Rfc8463Ed25519Key();
        using var rsaKey = DkimTestData.Rfc8463RsaKey();
        var signer = new DkimMessageSigner(new DkimMessageSignerOptions { TimeProvider = new FakeTimeProvider(DkimTestData.Rfc8463Time) });

        var fields = signer.Sign(message, [
            new DkimSigningRequest(rsaKey, "football.example.com", "test"),
            new DkimSigningRequest(edKey, "football.example.com", "brisbane"),
        ]);
        string signed = string.Concat(fields.Select(f => f + "\r\n")) + System.Text.Encoding.UTF8.GetString(input);
        using var signedMessage = DkimTestData.Read(signed);
        var results = await new DkimMessageVerifier(DkimTestData.Rfc8463Zone(), new DkimMessageVerifierOptions { TimeProvider = Clock }).VerifyAsync(signedMessage);

        Assert.Equal([DkimStatus.Pass, DkimStatus.Pass], results.Select(r => r.Status));
        Assert.All(fields, f => Assert.All(f.Split("\r\n"), line => Assert.True(line.Length <= 78, line)));
    }

    [Fact]
    public void DkimSigningKey_Rfc8463Keys_PublishTheRfcRecords()
    {
        using var edKey = DkimTestData.Rfc8463Ed25519Key();
        using var rsaKey = DkimTestData.Rfc8463RsaKey();

        Assert.Equal("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", edKey.GetDnsRecord());
        Assert.Contains("p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx", rsaKey.GetDnsRecord(), StringComparison.Ordinal);
        Assert.Equal(DkimAlgorithm.Ed25519Sha256, edKey.Algorithm);
        Assert.Equal(1024, rsaKey.KeySize);
    }
}
