using MailAuth.AuthResults;
using MailAuth.Spf;
using MailAuth.Text;

namespace MailAuth;

/// <summary>
/// SPF and Sender ID results as Authentication-Results method results (RFC 8601 §2.7.2, §2.7.3; RFC 7208 §9.2).
/// Lives in the facade layer: AuthResults knows no protocol, and SPF does not depend on AuthResults.
/// </summary>
public static class SpfAuthMethodResults
{
    /// <summary>
    /// The <c>spf</c> method result: <c>spf=pass smtp.mailfrom=user@example.com</c> for the MAIL FROM identity,
    /// <c>smtp.helo=name</c> for the HELO identity; a Sender ID PRA result gives the <c>sender-id</c> method with
    /// <c>header.from</c> (or the field the PRA came from). <c>temperror</c> and <c>permerror</c> carry the problem
    /// as <c>reason</c>. Control characters from hostile input are replaced by spaces.
    /// </summary>
    /// <param name="result">The SPF or Sender ID result.</param>
    /// <returns>The method result.</returns>
    public static AuthMethodResult ToAuthMethodResult(this SpfResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        AuthResultProperty property = result.Identity switch
        {
            SpfIdentity.Helo => new AuthResultProperty("smtp", "helo", ReasonText.ControlsToSpaces(result.Helo ?? result.Domain)),
            SpfIdentity.Pra => new AuthResultProperty("header", (result.PraFieldName ?? "from").ToLowerInvariant(), ReasonText.ControlsToSpaces(result.Sender)),
            _ => new AuthResultProperty("smtp", "mailfrom", ReasonText.ControlsToSpaces(result.Sender)),
        };
        string? reason = result.Status is SpfStatus.TempError or SpfStatus.PermError ? ReasonText.ControlsToSpaces(result.Reason) : null;
        string method = result.Identity == SpfIdentity.Pra ? "sender-id" : "spf";
        return new AuthMethodResult(method, result.Keyword, [property], reason);
    }
}
