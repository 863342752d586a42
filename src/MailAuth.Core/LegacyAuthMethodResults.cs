using System.Globalization;
using MailAuth.AuthResults;
using MailAuth.DomainKeys;
using MailAuth.Text;

namespace MailAuth;

/// <summary>
/// The historic DomainKeys and ADSP results as Authentication-Results method results: <c>domainkeys</c> with
/// <c>header.d</c> and <c>header.from</c> or <c>header.sender</c> (RFC 8601 §6.7, registered by RFC 5451), and
/// <c>dkim-adsp</c> with <c>header.from</c> (RFC 5617 §5.3, §5.4). Lives in the facade layer, like the DKIM mapping.
/// </summary>
public static class LegacyAuthMethodResults
{
    /// <summary>
    /// The <c>domainkeys</c> method result of one signature, e.g.
    /// <c>domainkeys=pass (768-bit key) header.d=example.com header.from=joe@example.com</c>; the reason for anything but a pass.
    /// </summary>
    /// <param name="result">The DomainKeys result.</param>
    /// <returns>The method result.</returns>
    public static AuthMethodResult ToAuthMethodResult(this DomainKeysResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var properties = new List<AuthResultProperty>(2);
        if (!string.IsNullOrEmpty(result.Domain))
        {
            properties.Add(new AuthResultProperty("header", "d", ReasonText.ControlsToSpaces(result.Domain)));
        }

        if (!string.IsNullOrEmpty(result.SendingAddress))
        {
            properties.Add(new AuthResultProperty("header", result.SendingAddressField == "sender" ? "sender" : "from", ReasonText.ControlsToSpaces(result.SendingAddress)));
        }

        string? comment = result.KeyBits > 0 ? result.KeyBits.ToString(CultureInfo.InvariantCulture) + "-bit key" : null;
        string? reason = result.Status == DomainKeysStatus.Pass || result.Reason is null ? null : ReasonText.ControlsToSpaces(result.Reason);
        return new AuthMethodResult("domainkeys", result.Keyword, properties, reason, comment: comment);
    }

    /// <summary>The <c>domainkeys</c> method results of a message: one per signature, or <c>domainkeys=none</c> without any.</summary>
    /// <param name="results">The results of every DomainKey-Signature.</param>
    /// <returns>The method results.</returns>
    public static IReadOnlyList<AuthMethodResult> ToAuthMethodResults(this IReadOnlyList<DomainKeysResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Count == 0
            ? [new AuthMethodResult("domainkeys", "none", reason: "message has no DomainKey-Signature")]
            : results.Select(r => r.ToAuthMethodResult()).ToArray();
    }

    /// <summary>The <c>dkim-adsp</c> method result of one author domain, e.g. <c>dkim-adsp=discard header.from=joe@example.com</c>.</summary>
    /// <param name="result">The ADSP result.</param>
    /// <returns>The method result.</returns>
    public static AuthMethodResult ToAuthMethodResult(this AdspResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var properties = new List<AuthResultProperty>(1);
        if ((result.AuthorAddress ?? result.AuthorDomain) is { Length: > 0 } from)
        {
            properties.Add(new AuthResultProperty("header", "from", ReasonText.ControlsToSpaces(from)));
        }

        string? reason = result.Status is AdspStatus.TempError or AdspStatus.PermError or AdspStatus.NxDomain && result.Reason is not null ? ReasonText.ControlsToSpaces(result.Reason) : null;
        return new AuthMethodResult("dkim-adsp", result.Keyword, properties, reason);
    }
}
