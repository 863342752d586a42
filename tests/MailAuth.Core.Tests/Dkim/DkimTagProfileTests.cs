using MailAuth.Dkim;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimTagProfileTests
{
    // RFC 8617 Appendix B, first ARC set (values shortened; presence rules only).
    private const string Seal = "i=1; a=rsa-sha256; cv=none; d=lists.example.org; s=dk-lists; t=12345; b=TlCCKzgk3TrAa+G77gYYO8Fxk4q/Ml0biqduZJeOYh6+0zhwQ8u/lHxLi21pxu347isLSuNtvIagIvAQna9a5A==";
    private const string MessageSignature = "i=1; a=rsa-sha256; c=relaxed/relaxed; d=lists.example.org; h=from:to:date:subject:mime-version:arc-authentication-results; s=dk-lists; t=12345; bh=KWSe46TZKCcDbH4klJPo+tjk5LWJnVRlP5pvjXFZYLQ=; b=DsoD3n3hiwlrN1ma8IZQFgZx8EDO7Wah9hfKcIbz7Gd9Ry1+s7X0vG2Y8RgXHrtfdH2mCRJiDrSvCPw0mL06DLdBOEvE4Ae6g==";
    private const string DomainKey = "a=rsa-sha1; s=brisbane; d=example.net; c=simple; q=dns; b=dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZVoG4ZHRNiYzR";

    [Fact]
    public void ArcSeal_Profile_RequiresInstanceCvAlgorithmSignatureDomainSelectorAndForbidsH()
    {
        var profile = DkimTagProfiles.ArcSeal;
        Assert.Equal("ARC-Seal", profile.FieldName);
        Assert.Equal(["i", "cv", "a", "b", "d", "s"], profile.RequiredTags);
        Assert.Equal(["h"], profile.ForbiddenTags);
        Assert.True(profile.IsKnown("t"));
        Assert.False(profile.IsKnown("bh"));
        Assert.False(profile.IsKnown("h"));
        Assert.Equal(DkimIdentityTag.Instance, profile.Identity);
        Assert.Equal(DkimValueRule.NotUsed, profile.BodyHashValue);
        Assert.True(profile.RelaxedHeadersOnly);
        Assert.False(profile.RequiresVersion);
    }

    [Fact]
    public void ArcSeal_TryCheckTags_RfcExample_Succeeds()
    {
        Assert.True(DkimTagProfiles.ArcSeal.TryCheckTags(Seal, out var error), error.ToString());
    }

    [Fact]
    public void ArcSeal_TryCheckTags_WithoutTimestamp_Succeeds()
    {
        Assert.True(DkimTagProfiles.ArcSeal.TryCheckTags(Seal.Replace(" t=12345;", string.Empty), out var error), error.ToString());
    }

    [Fact]
    public void ArcSeal_TryCheckTags_HTag_FailsMalformed()
    {
        Assert.False(DkimTagProfiles.ArcSeal.TryCheckTags(Seal + "; h=from:to", out var error));
        Assert.Equal(DkimProblem.MalformedSignature, error.Problem);
        Assert.Contains("h=", error.Message);
        Assert.True(error.Offset > 0);
    }

    [Theory]
    [InlineData("i")]
    [InlineData("cv")]
    [InlineData("a")]
    [InlineData("b")]
    [InlineData("d")]
    [InlineData("s")]
    public void ArcSeal_TryCheckTags_MissingRequiredTag_FailsMissingRequiredTag(string tag)
    {
        string value = string.Join("; ", Seal.Split("; ").Where(t => !t.StartsWith(tag + "=", StringComparison.Ordinal)));
        Assert.False(DkimTagProfiles.ArcSeal.TryCheckTags(value, out var error));
        Assert.Equal(DkimProblem.MissingRequiredTag, error.Problem);
        Assert.Contains(tag + "=", error.Message);
    }

    [Fact]
    public void ArcMessageSignature_Profile_IsDkimWithInstanceAndNoVersion()
    {
        var profile = DkimTagProfiles.ArcMessageSignature;
        Assert.Equal("ARC-Message-Signature", profile.FieldName);
        Assert.Equal(["i", "a", "b", "bh", "d", "h", "s"], profile.RequiredTags);
        Assert.False(profile.RequiresVersion);
        Assert.False(profile.IsKnown("v"));
        Assert.Equal(DkimIdentityTag.Instance, profile.Identity);
        Assert.Equal(DkimValueRule.Base64, profile.BodyHashValue);
        Assert.Empty(profile.ForbiddenTags);
    }

    [Fact]
    public void ArcMessageSignature_TryCheckTags_RfcExample_Succeeds()
    {
        Assert.True(DkimTagProfiles.ArcMessageSignature.TryCheckTags(MessageSignature, out var error), error.ToString());
    }

    [Theory]
    [InlineData("v=1; ")]
    [InlineData("v=2; ")]
    public void ArcMessageSignature_TryCheckTags_VersionTag_IsIgnored(string version)
    {
        // RFC 8617 §4.1.2: "if seen, a version tag MUST be ignored".
        Assert.True(DkimTagProfiles.ArcMessageSignature.TryCheckTags(version + MessageSignature, out var error), error.ToString());
    }

    [Theory]
    [InlineData("i")]
    [InlineData("bh")]
    [InlineData("h")]
    public void ArcMessageSignature_TryCheckTags_MissingRequiredTag_Fails(string tag)
    {
        string value = string.Join("; ", MessageSignature.Split("; ").Where(t => !t.StartsWith(tag + "=", StringComparison.Ordinal)));
        Assert.False(DkimTagProfiles.ArcMessageSignature.TryCheckTags(value, out var error));
        Assert.Equal(DkimProblem.MissingRequiredTag, error.Problem);
    }

    [Fact]
    public void DomainKeySignature_Profile_MatchesDraftSection33()
    {
        var profile = DkimTagProfiles.DomainKeySignature;
        Assert.Equal("DomainKey-Signature", profile.FieldName);
        Assert.Equal(["b", "c", "d", "q", "s"], profile.RequiredTags);
        Assert.Equal(["a", "b", "c", "d", "h", "q", "s"], profile.KnownTags);
        Assert.Equal(DkimIdentityTag.None, profile.Identity);
        Assert.Equal(DkimValueRule.NotUsed, profile.BodyHashValue);
        Assert.False(profile.RequiresVersion);
        Assert.False(profile.RequiresFromSigned);
    }

    [Fact]
    public void DomainKeySignature_TryCheckTags_DraftExample_Succeeds()
    {
        Assert.True(DkimTagProfiles.DomainKeySignature.TryCheckTags(DomainKey, out var error), error.ToString());
    }

    [Theory]
    [InlineData("q")]
    [InlineData("c")]
    [InlineData("b")]
    public void DomainKeySignature_TryCheckTags_MissingRequiredTag_Fails(string tag)
    {
        string value = string.Join("; ", DomainKey.Split("; ").Where(t => !t.StartsWith(tag + "=", StringComparison.Ordinal)));
        Assert.False(DkimTagProfiles.DomainKeySignature.TryCheckTags(value, out var error));
        Assert.Equal(DkimProblem.MissingRequiredTag, error.Problem);
    }

    [Fact]
    public void DkimSignature_Profile_RequiresVersionAndRfc6376Tags()
    {
        var profile = DkimTagProfiles.DkimSignature;
        Assert.Equal(["v", "a", "b", "bh", "d", "h", "s"], profile.RequiredTags);
        Assert.True(profile.RequiresVersion);
        Assert.True(profile.RequiresFromSigned);
        Assert.Equal(DkimIdentityTag.Auid, profile.Identity);
        Assert.Equal(DkimValueRule.Base64, profile.SignatureValue);
    }

    [Fact]
    public void DkimSignatureTemplate_Profile_DiffersOnlyInValueRules()
    {
        var template = DkimTagProfiles.DkimSignatureTemplate;
        Assert.Equal(DkimValueRule.Empty, template.SignatureValue);
        Assert.Equal(DkimValueRule.Base64OrEmpty, template.BodyHashValue);
        Assert.Equal(DkimTagProfiles.DkimSignature, template with { SignatureValue = DkimValueRule.Base64, BodyHashValue = DkimValueRule.Base64 });
    }

    [Fact]
    public void DkimSignature_TryCheckTags_VersionTwo_FailsIncompatibleVersion()
    {
        Assert.False(DkimTagProfiles.DkimSignature.TryCheckTags("v=2; a=rsa-sha256; b=AAAA; bh=AAAA; d=example.com; h=from; s=s", out var error));
        Assert.Equal(DkimProblem.IncompatibleVersion, error.Problem);
    }

    [Fact]
    public void TryCheckTags_SyntaxError_FailsMalformed()
    {
        Assert.False(DkimTagProfiles.ArcSeal.TryCheckTags("i=1; i=2; cv=none", out var error));
        Assert.Equal(DkimProblem.MalformedSignature, error.Problem);
    }

    [Fact]
    public void TryParseCore_TemplateProfile_AcceptsEmptySignatureAndBodyHash()
    {
        const string value = "v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=; b=";
        Assert.True(DkimSignature.TryParseCore(value, DkimTagProfiles.DkimSignatureTemplate, out var signature, out var error), error.ToString());
        Assert.True(signature.Signature.IsEmpty);
        Assert.True(signature.BodyHash.IsEmpty);

        Assert.False(DkimSignature.TryParseCore(value, DkimTagProfiles.DkimSignature, out _, out error));
        Assert.Equal(DkimProblem.MalformedBase64, error.Problem);
    }

    [Fact]
    public void TryParseCore_TemplateProfile_NonEmptySignature_Fails()
    {
        Assert.False(DkimSignature.TryParseCore("v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=; b=AAAA", DkimTagProfiles.DkimSignatureTemplate, out _, out var error));
        Assert.Equal(DkimProblem.MalformedSignature, error.Problem);
    }
}
