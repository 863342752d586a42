using System.Net;
using MailAuth.Spf;
using Xunit;

namespace MailAuth.Tests.Spf;

/// <summary>
/// The openspf RFC 7208 test suite (TestData/spf/rfc7208-tests.yml, BSD licence beside it), every scenario and test,
/// each on an in-memory zone built from the scenario's zonedata. Explanations are compared where the suite gives one;
/// the suite driver's default explanation is the literal "DEFAULT".
/// </summary>
public class SpfConformanceTests
{
    private static readonly Lazy<IReadOnlyList<SpfSuiteCase>> Cases = new(() =>
        SpfSuiteScenario.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "spf", "rfc7208-tests.yml")));

    public static TheoryData<string, string> SuiteCases()
    {
        var data = new TheoryData<string, string>();
        foreach (SpfSuiteCase c in Cases.Value)
        {
            data.Add(c.Scenario, c.Name);
        }

        return data;
    }

    [Fact]
    public void Suite_IsComplete()
    {
        Assert.Equal(16, Cases.Value.Select(c => c.Scenario).Distinct().Count());
        Assert.True(Cases.Value.Count > 150, $"only {Cases.Value.Count} tests loaded");
    }

    [Theory]
    [MemberData(nameof(SuiteCases))]
    public async Task CheckHost_SuiteTest_MatchesExpectedResult(string scenario, string test)
    {
        SpfSuiteCase c = Cases.Value.Single(x => x.Scenario == scenario && x.Name == test);
        var evaluator = new SpfEvaluator(new SpfSuiteResolver(c.Zone), new SpfOptions { DefaultExplanation = "DEFAULT" });

        SpfResult result = await evaluator.CheckMailFromAsync(IPAddress.Parse(c.Host), c.MailFrom, c.Helo);

        Assert.True(c.Results.Contains(result.Keyword), $"expected {string.Join(" or ", c.Results)}, got {result}");
        if (c.Explanation is not null)
        {
            Assert.Equal(c.Explanation, result.Explanation);
        }
    }
}
