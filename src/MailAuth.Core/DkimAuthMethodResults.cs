using System.Globalization;
using MailAuth.AuthResults;
using MailAuth.Dkim;
using MailAuth.Text;

namespace MailAuth;

/// <summary>
/// DKIM results as Authentication-Results method results (RFC 8601 §2.7.1, RFC 6008). Lives in the facade layer:
/// AuthResults knows no protocol, and DKIM does not depend on AuthResults.
/// </summary>
public static class DkimAuthMethodResults
{
    /// <summary>
    /// The <c>dkim</c> method result of one signature, e.g.
    /// <c>dkim=pass (2048-bit key) header.d=example.com header.s=sel header.a=rsa-sha256 header.b=abcd1234</c>:
    /// <c>header.d</c>, <c>header.i</c> (when the signature has <c>i=</c>), <c>header.s</c>, <c>header.a</c>,
    /// <c>header.b</c> (RFC 6008 §4), the key size as a comment, and the problem as <c>reason</c> for anything but a pass.
    /// Control characters from hostile input are replaced by spaces.
    /// </summary>
    /// <param name="result">The DKIM result.</param>
    /// <returns>The method result.</returns>
    public static AuthMethodResult ToAuthMethodResult(this DkimResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var properties = new List<AuthResultProperty>(5);
        Add(properties, "d", result.Domain);
        Add(properties, "i", result.Identity);
        Add(properties, "s", result.Selector);
        Add(properties, "a", result.AlgorithmName);
        Add(properties, "b", result.SignaturePrefix);
        string? comment = result.KeyBits > 0 ? result.KeyBits.ToString(CultureInfo.InvariantCulture) + "-bit key" : null;
        string? reason = result.Status == DkimStatus.Pass || result.Reason is null ? null : ReasonText.ControlsToSpaces(result.Reason);
        return new AuthMethodResult("dkim", result.Keyword, properties, reason, comment: comment);
    }

    /// <summary>The <c>dkim</c> method results of a message: one per signature, or <c>dkim=none</c> for an unsigned message.</summary>
    /// <param name="results">The results of every signature, e.g. from <see cref="DkimMessageVerifier.VerifyAsync(Messages.RawMessage, CancellationToken)"/>.</param>
    /// <returns>The method results.</returns>
    public static IReadOnlyList<AuthMethodResult> ToAuthMethodResults(this IReadOnlyList<DkimResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Count == 0
            ? [new AuthMethodResult("dkim", "none", reason: "message not signed")]
            : results.Select(r => r.ToAuthMethodResult()).ToArray();
    }

    private static void Add(List<AuthResultProperty> properties, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties.Add(new AuthResultProperty("header", name, ReasonText.ControlsToSpaces(value)));
        }
    }
}
