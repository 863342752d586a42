using MailAuth.Keys;
using MailAuth.Policy;
using Xunit;

namespace MailAuth.Tests.Policy;

public sealed class SigningPolicyTests : IDisposable
{
    private readonly InMemoryKeyStore _keys = new();

    public SigningPolicyTests()
    {
        _keys.Add("customer.example", "s2026", DkimKeyGenerator.GenerateSigningKey(DkimKeyType.Ed25519));
        _keys.Add("news.customer.example", "news", DkimKeyGenerator.GenerateSigningKey(DkimKeyType.Ed25519));
    }

    public void Dispose() => _keys.Dispose();

    private SigningPolicy Policy(SigningMode mode) => new(_keys, new Dictionary<string, SigningMode> { ["customer.example"] = mode });

    [Theory]
    [InlineData(SigningMode.SignAll)]
    [InlineData(SigningMode.SignOwnDomainOnly)]
    [InlineData(SigningMode.RefuseOtherDomains)]
    public async Task DecideAsync_OwnDomain_SignsWithFromDomainKey(SigningMode mode)
    {
        SigningDecision decision = await Policy(mode).DecideAsync("customer.example", "Customer.Example");
        Assert.Equal(SigningAction.Sign, decision.Action);
        Assert.Equal("customer.example", decision.Domain);
        Assert.Equal("s2026", decision.Selector);
        Assert.False(decision.ThirdParty);
    }

    [Fact]
    public async Task DecideAsync_OwnSubdomainWithItsKey_UsesSubdomainKey()
        => Assert.Equal("news", (await Policy(SigningMode.SignOwnDomainOnly).DecideAsync("customer.example", "news.customer.example")).Selector);

    [Fact]
    public async Task DecideAsync_OwnSubdomainWithoutKey_FallsBackToCustomerKey()
        => Assert.Equal("customer.example", (await Policy(SigningMode.SignOwnDomainOnly).DecideAsync("customer.example", "shop.customer.example")).Domain);

    [Fact]
    public async Task DecideAsync_SignAllOtherDomain_ThirdPartySignature()
    {
        SigningDecision decision = await Policy(SigningMode.SignAll).DecideAsync("customer.example", "gmail.example");
        Assert.Equal(SigningAction.Sign, decision.Action);
        Assert.Equal("customer.example", decision.Domain);
        Assert.True(decision.ThirdParty);
    }

    [Fact]
    public async Task DecideAsync_SignOwnOnlyOtherDomain_SendsUnsigned()
        => Assert.Equal(SigningAction.SendUnsigned, (await Policy(SigningMode.SignOwnDomainOnly).DecideAsync("customer.example", "gmail.example")).Action);

    [Theory]
    [InlineData("gmail.example")]
    [InlineData("customer.example.evil.example")]
    [InlineData("evilcustomer.example")]
    [InlineData(null)]
    [InlineData("customer.example\r\nX: y")]
    public async Task DecideAsync_RefuseOtherDomains_RefusesWith571(string? from)
    {
        SigningDecision decision = await Policy(SigningMode.RefuseOtherDomains).DecideAsync("customer.example", from);
        Assert.Equal(SigningAction.Refuse, decision.Action);
        Assert.Equal("550 5.7.1 Sender address not allowed for this account", decision.SmtpReply!.ToString());
        Assert.True(decision.Reason.All(c => c is >= ' ' and <= '~'));
    }

    [Fact]
    public async Task DecideAsync_NoKey_SendsUnsigned()
        => Assert.Equal(SigningAction.SendUnsigned, (await new SigningPolicy(_keys, new Dictionary<string, SigningMode>()).DecideAsync("nokey.example", "nokey.example")).Action);

    [Fact]
    public void Constructor_BadDomainKey_Throws()
        => Assert.Throws<ArgumentException>(() => new SigningPolicy(_keys, new Dictionary<string, SigningMode> { ["not a domain"] = SigningMode.SignAll }));
}
