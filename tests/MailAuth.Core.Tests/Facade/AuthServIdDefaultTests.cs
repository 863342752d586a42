using Xunit;

namespace MailAuth.Tests.Facade;

public sealed class AuthServIdDefaultTests
{
    [Fact]
    public void AuthServId_NotSet_IsThisHostsNameNotLocalhost()
    {
        string host = System.Net.Dns.GetHostName().Trim().TrimEnd('.').ToLowerInvariant();

        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        // RFC 8601 §2.5: the receiving host's name. A host name that is not a usable domain name falls back to localhost.
        bool usable = host.Length > 0 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');
        Assert.Equal(usable ? host : "localhost", authenticator.AuthServId);
        Assert.Equal(authenticator.AuthServId, new MessageAuthenticatorOptions().AuthServId);
    }

    [Fact]
    public async Task AuthServId_Default_WrittenIntoTheField()
    {
        var authenticator = new MessageAuthenticator(FacadeFixture.Zone());

        var outcome = await authenticator.AuthenticateAsync(FacadeFixture.Signed(), FacadeFixture.GoodContext);

        Assert.StartsWith("Authentication-Results: " + authenticator.AuthServId + ";", outcome.ToAuthenticationResults(), StringComparison.Ordinal);
    }
}
