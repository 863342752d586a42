using MailAuth.Dmarc;
using Xunit;

namespace MailAuth.Tests.Dmarc;

public sealed class AuthorDomainsTests
{
    [Theory]
    [InlineData("alice@example.com", "example.com")]
    [InlineData(" Alice Example <alice@Example.COM>", "example.com")]
    [InlineData("\"Doe, John\" <john@example.com>", "example.com")]
    [InlineData("\"@evil.example\" <john@example.com>", "example.com")]
    [InlineData("evil@phish.example <john@example.com>", "example.com")]
    [InlineData("john@example.com (John @ other.example)", "example.com")]
    [InlineData("(comment (nested) @x.example) john@example.com", "example.com")]
    [InlineData("\"quoted@local\"@example.com", "example.com")]
    [InlineData("\"a\\\"b@c\"@example.com", "example.com")]
    [InlineData("<@route.example,@r2.example:john@example.com>", "example.com")]
    [InlineData("John\r\n <john@example.com.>", "example.com")]
    [InlineData("=?utf-8?q?J=C3=B6rg?= <joerg@example.com>", "example.com")]
    [InlineData("Team: alice@example.com;", "example.com")]
    [InlineData("alice@example.com,", "example.com")]
    public void Extract_SingleDomain(string value, string expected)
    {
        var result = AuthorDomains.Extract(value);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal([expected], result.Domains);
    }

    [Fact]
    public void Extract_MultipleAddresses_DistinctDomainsInOrder()
    {
        var result = AuthorDomains.Extract("a@one.example, \"B\" <b@two.example>, c@ONE.example, Group: d@three.example, e@two.example;");
        Assert.True(result.IsValid);
        Assert.Equal(5, result.AddressCount);
        Assert.Equal(["one.example", "two.example", "three.example"], result.Domains);
    }

    [Theory]
    [InlineData("", "NoAddress")]
    [InlineData("undisclosed-recipients:;", "NoAddress")]
    [InlineData("(just a comment)", "NoAddress")]
    [InlineData("alice", "AddressWithoutDomain")]
    [InlineData("Alice <alice>", "AddressWithoutDomain")]
    [InlineData("alice@[192.0.2.1]", "AddressWithoutDomain")]
    [InlineData("alice@", "AddressWithoutDomain")]
    [InlineData("\"unterminated <a@example.com>", "Malformed")]
    [InlineData("(unbalanced a@example.com", "Malformed")]
    [InlineData("<a@example.com", "Malformed")]
    [InlineData("a@example.com>", "Malformed")]
    [InlineData("<<a@example.com>>", "Malformed")]
    [InlineData("a@[unterminated", "Malformed")]
    public void Extract_Bad_Error(string value, string expected)
    {
        var result = AuthorDomains.Extract(value);
        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Error.ToString());
        Assert.Equal(expected == "NoAddress" ? DmarcProblem.NoAuthorDomain : DmarcProblem.InvalidAuthorDomain, result.Problem);
        Assert.NotNull(result.Reason);
        Assert.Empty(result.Domains);
    }

    [Fact]
    public void Extract_FieldCount()
    {
        Assert.Equal(AuthorDomainError.NoFromField, AuthorDomains.Extract(Array.Empty<string>()).Error);
        Assert.Equal(["x.example", "y.example"], AuthorDomains.Extract(["a@x.example", "b@y.example"]).Domains);
        Assert.Equal(["x.example"], AuthorDomains.Extract(["a@x.example"]).Domains);
    }

    [Theory]
    [InlineData(" B\u00fccher.Example. ", "xn--bcher-kva.example")]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("not a domain..", "not a domain")]
    public void FromDomain_NormalizesLikeExtract(string domain, string expected)
    {
        Assert.Equal([expected], AuthorDomains.FromDomain(domain).Domains);
        Assert.Equal(expected, OrganizationalDomainResult.Found(domain).Domain);
        if (!expected.Contains(' ', StringComparison.Ordinal))
        {
            Assert.Equal(AuthorDomains.Extract("a@" + domain.Trim()).Domains, AuthorDomains.FromDomain(domain).Domains);
        }
    }
}
