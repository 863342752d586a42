using MailAuth.AuthResults;
using MailAuth.Spf;

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
            SpfIdentity.Helo => new AuthResultProperty("smtp", "helo", Clean(result.Helo ?? result.Domain)),
            SpfIdentity.Pra => new AuthResultProperty("header", (result.PraFieldName ?? "from").ToLowerInvariant(), Clean(result.Sender)),
            _ => new AuthResultProperty("smtp", "mailfrom", Clean(result.Sender)),
        };
        string? reason = result.Status is SpfStatus.TempError or SpfStatus.PermError ? Clean(result.Reason) : null;
        string method = result.Identity == SpfIdentity.Pra ? "sender-id" : "spf";
        return new AuthMethodResult(method, result.Keyword, [property], reason);
    }

    private static string Clean(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                return string.Create(text.Length, text, static (dest, src) =>
                {
                    for (int i = 0; i < src.Length; i++)
                    {
                        dest[i] = char.IsControl(src[i]) ? ' ' : src[i];
                    }
                });
            }
        }

        return text;
    }
}
