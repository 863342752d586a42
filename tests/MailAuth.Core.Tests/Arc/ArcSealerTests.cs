using System.Text;
using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Messages;
using Xunit;

namespace MailAuth.Tests.Arc;

/// <summary>Sealing (RFC 8617 §5.1): instance numbering, cv=, broken chains and the AAR text.</summary>
public class ArcSealerTests
{
    [Fact]
    public async Task Seal_NoChain_AddsInstanceOneWithCvNone()
    {
        using var chains = new ArcChains();

        var (message, seal) = await chains.SealAsync(ArcChains.Base(), "list.example.org");

        Assert.True(seal.IsSealed);
        Assert.Equal(1, seal.Instance);
        Assert.Equal(ArcStatus.None, seal.ChainValidation);
        Assert.StartsWith("ARC-Seal: i=1; a=rsa-sha256; cv=none;", seal.Seal, StringComparison.Ordinal);
        Assert.StartsWith("ARC-Authentication-Results: i=1; mx;\r\n\tarc=none;", seal.AuthenticationResults, StringComparison.Ordinal);
        Assert.StartsWith(seal.ToHeaderBlock(), message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seal_NewestSealSaysFail_AddsNothing()
    {
        using var chains = new ArcChains();
        string failed = (await chains.ChainAsync(1)).Replace("cv=none", "cv=fail", StringComparison.Ordinal);

        var (message, seal) = await chains.SealAsync(failed, "fwd.example.net");

        Assert.False(seal.IsSealed);
        Assert.Equal(ArcSealOutcome.ChainAlreadyFailed, seal.Outcome);
        Assert.Empty(seal.Fields);
        Assert.Equal(failed, message);
    }

    [Fact]
    public async Task Seal_BrokenChain_SealsCvFailOverOwnSetOnly()
    {
        using var chains = new ArcChains();
        string broken = (await chains.ChainAsync(2)).Replace("went through", "was altered in", StringComparison.Ordinal);

        var (message, seal) = await chains.SealAsync(broken, "relay.example.com");

        Assert.Equal(ArcStatus.Fail, seal.ChainValidation);
        Assert.Equal(3, seal.Instance);
        Assert.Contains("cv=fail", seal.Seal, StringComparison.Ordinal);
        using var raw = MessageReader.Default.Read(Encoding.UTF8.GetBytes(message)).Message!;
        Assert.True(ArcTestSupport.SealVerifiesOverOwnSet(raw, 3, chains.Rsa.GetDnsRecord()));
        var after = await chains.ValidateAsync(message);
        Assert.Equal(ArcProblem.ChainAlreadyFailed, after.Problem);
    }

    [Fact]
    public async Task Seal_FiftySets_RefusesInstance51()
    {
        using var chains = new ArcChains();
        string message = await chains.ChainAsync(50);

        var (_, seal) = await chains.SealAsync(message, "list.example.org");

        Assert.Equal(ArcSealOutcome.InstanceLimitReached, seal.Outcome);
        Assert.Equal(51, seal.Instance);
        Assert.Equal(ArcStatus.Pass, (await chains.ValidateAsync(message)).Status);
    }

    [Fact]
    public async Task Seal_ResultsWithLineBreaksFromMessage_CannotInjectHeader()
    {
        using var chains = new ArcChains();
        string hostile = "Authentication-Results: mx; spf=pass smtp.mailfrom=\"a\r\n b@example.com\" (x\r\n\tInjected: yes)\r\n" + ArcChains.Base();
        using var raw = MessageReader.Default.Read(Encoding.UTF8.GetBytes(hostile)).Message!;
        var results = ArcSealer.CollectAuthenticationResults(raw, "mx");
        var chain = await new ArcChainValidator(chains.Zone).ValidateAsync(raw);

        var seal = new ArcSealer().Seal(raw, chain, results, chains.Rsa, "list.example.org", "rsa");

        Assert.True(seal.IsSealed, seal.Reason);
        foreach (string field in seal.Fields)
        {
            string[] lines = field.Split("\r\n");
            Assert.All(lines.Skip(1), line => Assert.True(line.StartsWith(' ') || line.StartsWith('\t'), $"unfolded line: {line}"));
            Assert.DoesNotContain('\n', field.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Constructor_SignedHeadersWithArcSeal_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new ArcSealer(new ArcSealerOptions { SignedHeaders = ["from", "arc-seal"] }));
        Assert.Equal("SignedHeaders", error.ParamName);
    }

    [Fact]
    public void CollectAuthenticationResults_MergesOwnFieldsOnly()
    {
        string text = "Authentication-Results: mx; spf=pass smtp.mailfrom=a@example.com\r\nAuthentication-Results: other.example; dkim=pass\r\n" +
                      "Authentication-Results: MX; dmarc=pass header.from=example.com\r\n" + ArcChains.Base();
        using var raw = MessageReader.Default.Read(Encoding.UTF8.GetBytes(text)).Message!;

        AuthResultsHeader merged = ArcSealer.CollectAuthenticationResults(raw, "mx");

        Assert.Equal(["spf", "dmarc"], merged.Results.Select(r => r.Method));
    }
}
