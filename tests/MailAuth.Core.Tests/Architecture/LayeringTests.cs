using Xunit;

namespace MailAuth.Tests.Architecture;

/// <summary>
/// The dependency rule of docs/architecture.md, checked over the built MailAuth.Core assembly: a namespace uses only
/// namespaces listed before it, and protocols do not use each other (except DomainKeys and Arc → Dkim).
/// </summary>
public sealed class LayeringTests
{
    private static readonly Lazy<IReadOnlyList<TypeEdge>> CoreEdges =
        new(() => AssemblyReferenceWalker.Walk(typeof(MessageAuthenticator).Assembly.Location));

    [Fact]
    public void CoreAssembly_EveryReference_PointsToALowerLayer()
    {
        var violations = LayerRules.FindViolations(CoreEdges.Value);

        Assert.True(
            violations.Count == 0,
            $"{violations.Count} references break the layering of docs/architecture.md:{Environment.NewLine}"
            + string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void CoreAssembly_EveryOwnNamespace_IsInALayer()
    {
        var unplaced = CoreEdges.Value
            .Select(e => e.FromNamespace)
            .Where(ns => LayerRules.IsOwn(ns) && LayerRules.LayerOf(ns) is null)
            .Distinct()
            .ToList();

        Assert.Empty(unplaced);
    }

    [Fact]
    public void Walk_CoreAssembly_SeesReferencesFromMethodBodiesSignaturesAndBaseTypes()
    {
        var edges = CoreEdges.Value;

        // A method body: the facade runs the SPF engine.
        Assert.Contains(edges, e => e.FromType == "MailAuth.MessageAuthenticator" && e.ToType.StartsWith("MailAuth.Spf.", StringComparison.Ordinal));

        // A signature: DkimMessageSigner.Sign takes a DkimSigningKey (Dkim → Keys, allowed).
        Assert.Contains(edges, e => e.FromType == "MailAuth.Dkim.DkimMessageSigner" && e.ToType == "MailAuth.Keys.DkimSigningKey");

        // An interface implementation.
        Assert.Contains(edges, e => e.FromType == "MailAuth.Dns.DnsClientResolver" && e.ToType == "MailAuth.Dns.IDnsResolver");
    }

    [Fact]
    public void Walk_AsyncStateMachine_CountsUnderTheDeclaringTypesNamespace()
    {
        // The compiler moves an async method's body into a nested state machine type; its references are its declaring type's.
        var edges = CoreEdges.Value;
        var stateMachineEdges = edges
            .Where(e => e.FromType.StartsWith("MailAuth.Dkim.", StringComparison.Ordinal) && e.FromType.Contains("+<", StringComparison.Ordinal)
                && e.ToType == "MailAuth.Dns.IDnsResolver")
            .ToList();

        Assert.NotEmpty(stateMachineEdges);
        Assert.All(stateMachineEdges, e => Assert.Equal("MailAuth.Dkim", e.FromNamespace));

        // Every nested type counts under its outermost declaring type's namespace.
        Assert.All(
            edges.Where(e => e.FromType.Contains('+', StringComparison.Ordinal) && e.FromNamespace.Length > 0),
            e => Assert.StartsWith(e.FromNamespace + ".", e.FromType.Split('+')[0], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MailAuth.AuthResults", "MailAuth.Spf")]
    [InlineData("MailAuth.AuthResults", "MailAuth.Dmarc")]
    [InlineData("MailAuth.Keys", "MailAuth.Dkim")]
    [InlineData("MailAuth.Text", "MailAuth.Messages")]
    [InlineData("MailAuth.Dns", "MailAuth")]
    [InlineData("MailAuth", "MailAuth.Policy")]
    [InlineData("MailAuth.Dkim.Engine", "MailAuth.Arc")]
    public void Violation_ReferenceToAHigherLayer_IsReported(string from, string to)
    {
        Assert.NotNull(LayerRules.Violation(from, to));
    }

    [Theory]
    [InlineData("MailAuth.Dkim", "MailAuth.Spf")]
    [InlineData("MailAuth.Dmarc", "MailAuth.Dkim")]
    [InlineData("MailAuth.Dmarc", "MailAuth.Spf")]
    [InlineData("MailAuth.Srs", "MailAuth.Spf")]
    [InlineData("MailAuth.Arc", "MailAuth.DomainKeys")]
    [InlineData("MailAuth.Arc", "MailAuth.Spf")]
    public void Violation_ProtocolUsingAnotherProtocol_IsReported(string from, string to)
    {
        Assert.NotNull(LayerRules.Violation(from, to));
    }

    [Theory]
    [InlineData("MailAuth.Experimental", "MailAuth.Text")]
    [InlineData("MailAuth.Text", "MailAuth.Experimental")]
    public void Violation_NamespaceInNoLayer_IsReported(string from, string to)
    {
        Assert.NotNull(LayerRules.Violation(from, to));
    }

    [Theory]
    [InlineData("MailAuth.Dkim", "MailAuth.Dkim")]
    [InlineData("MailAuth.Dkim", "MailAuth.Keys")]
    [InlineData("MailAuth.Dkim", "MailAuth.Text")]
    [InlineData("MailAuth.DomainKeys", "MailAuth.Dkim")]
    [InlineData("MailAuth.Arc", "MailAuth.Dkim")]
    [InlineData("MailAuth.Arc", "MailAuth.AuthResults")]
    [InlineData("MailAuth", "MailAuth.Spf")]
    [InlineData("MailAuth", "MailAuth.Dmarc")]
    [InlineData("MailAuth.Audit", "MailAuth")]
    [InlineData("MailAuth.Dkim.Engine", "MailAuth.Dkim")]
    [InlineData("MailAuth.Spf", "System.Net")]
    [InlineData("MailAuth.Dkim", "MailAuthX.Helpers")]
    [InlineData("", "MailAuth.Text")]
    [InlineData("MailAuth.Text", "")]
    public void Violation_AllowedReference_IsNotReported(string from, string to)
    {
        Assert.Null(LayerRules.Violation(from, to));
    }

    [Fact]
    public void FindViolations_SyntheticBadEdges_ListsEachFromTypeAndReferencedType()
    {
        TypeEdge[] edges =
        [
            new("MailAuth.AuthResults.SpfAuthMethodResults", "MailAuth.AuthResults", "MailAuth.Spf.SpfResult", "MailAuth.Spf"),
            new("MailAuth.Keys.DkimSigningKey", "MailAuth.Keys", "MailAuth.Dkim.DkimAlgorithm", "MailAuth.Dkim"),
            new("MailAuth.Dkim.DkimMessageSigner", "MailAuth.Dkim", "MailAuth.Keys.DkimSigningKey", "MailAuth.Keys"),
            new("MailAuth.Spf.SpfEvaluator", "MailAuth.Spf", "System.String", "System"),
        ];

        var violations = LayerRules.FindViolations(edges);

        Assert.Equal(2, violations.Count);
        Assert.StartsWith("MailAuth.AuthResults.SpfAuthMethodResults → MailAuth.Spf.SpfResult:", violations[0], StringComparison.Ordinal);
        Assert.StartsWith("MailAuth.Keys.DkimSigningKey → MailAuth.Dkim.DkimAlgorithm:", violations[1], StringComparison.Ordinal);
    }
}
