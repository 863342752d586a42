using FsCheck.Xunit;
using MailAuth.Dkim;
using MailAuth.Keys;
using Xunit;

namespace MailAuth.Tests.Dkim;

public sealed class DkimPublicKeyTests
{
    private const string Ed = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    [Fact]
    public void TryParse_AllTags_ParsesEach()
    {
        Assert.True(DkimPublicKey.TryParse($"v=DKIM1; h=sha256:sha1 : x; k=ed25519; n=hello; s=email:*; t=y:s:q; p={Ed}; unknown=1", out var key, out var error), error.ToString());

        Assert.Equal(DkimKeyType.Ed25519, key!.KeyType);
        Assert.Equal(["sha256", "sha1", "x"], key.HashAlgorithms);
        Assert.Equal(["email", "*"], key.ServiceTypes);
        Assert.Equal("hello", key.Notes);
        Assert.True(key.IsTesting);
        Assert.True(key.IsStrict);
        Assert.False(key.IsRevoked);
        Assert.Equal(32, key.PublicKeyData.Length);
    }

    [Fact]
    public void TryParse_Minimal_DefaultsToRsaAllServices()
    {
        Assert.True(DkimPublicKey.TryParse("p=AAAA", out var key, out _));

        Assert.Equal(DkimKeyType.Rsa, key!.KeyType);
        Assert.Empty(key.HashAlgorithms);
        Assert.Equal(["*"], key.ServiceTypes);
        Assert.False(key.IsTesting);
        Assert.False(key.IsStrict);
    }

    [Theory]
    [InlineData("v=DKIM1; p=")]
    [InlineData("v=DKIM1; k=rsa; p= ")]
    public void TryParse_EmptyP_IsRevoked(string record)
    {
        Assert.True(DkimPublicKey.TryParse(record, out var key, out _));
        Assert.True(key!.IsRevoked);
    }

    [Theory]
    [InlineData("v=DKIM1; k=rsa", DkimProblem.MalformedKey)]
    [InlineData("v=DKIM2; p=AAAA", DkimProblem.IncompatibleKeyVersion)]
    [InlineData("k=rsa; v=DKIM1; p=AAAA", DkimProblem.IncompatibleKeyVersion)]
    [InlineData("v=DKIM1; k=dsa; p=AAAA", DkimProblem.KeyAlgorithmMismatch)]
    [InlineData("v=DKIM1; p=AA*A", DkimProblem.MalformedKey)]
    [InlineData("v=DKIM1; p=AAA", DkimProblem.MalformedKey)]
    [InlineData("v=DKIM1; p=AAAA; p=AAAA", DkimProblem.MalformedKey)]
    [InlineData("v=DKIM1;; p=AAAA", DkimProblem.MalformedKey)]
    [InlineData("garbage", DkimProblem.MalformedKey)]
    public void TryParse_Invalid_ReturnsProblem(string record, DkimProblem expected)
    {
        Assert.False(DkimPublicKey.TryParse(record, out var key, out var error));

        Assert.Null(key);
        Assert.Equal(expected, error.Problem);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => DkimPublicKey.Parse("k=rsa"));
    }

    [Property(MaxTest = 2000)]
    public bool TryParse_ArbitraryText_NeverThrows(string? text)
    {
        DkimPublicKey.TryParse(text, out var key, out var error);
        return (key is null) == error.IsError;
    }

    [Property(MaxTest = 500)]
    public bool Verify_ArbitraryKeyBytes_NeverThrows(byte[] data, bool ed25519, byte[] signature)
    {
        string record = $"k={(ed25519 ? "ed25519" : "rsa")}; p={Convert.ToBase64String(data ?? [])}";
        if (!DkimPublicKey.TryParse(record, out var key, out _))
        {
            return true;
        }

        var problem = key!.Verify(ed25519 ? DkimAlgorithm.Ed25519Sha256 : DkimAlgorithm.RsaSha256, new byte[32], signature ?? [], 1024, 8192, out _, out _);
        return problem != DkimProblem.None;
    }
}
