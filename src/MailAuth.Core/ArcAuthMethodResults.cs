using System.Globalization;
using System.Net;
using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Text;

namespace MailAuth;

/// <summary>
/// The ARC chain result as an Authentication-Results method result (RFC 8617 §6, §10.1, §10.2). Lives in the facade
/// layer: AuthResults knows no protocol.
/// </summary>
public static class ArcAuthMethodResults
{
    /// <summary>
    /// The <c>arc</c> method result, e.g. <c>arc=pass header.oldest-pass=0 smtp.remote-ip=192.0.2.1</c>: the Chain
    /// Validation Status, <c>header.oldest-pass</c> when it was determined (§10.2), <c>smtp.remote-ip</c> when known, and
    /// the problem as <c>reason</c> for a failure. Control characters from hostile input are replaced by spaces.
    /// </summary>
    /// <param name="result">The chain result.</param>
    /// <param name="remoteIp">The address of the connecting SMTP client (<c>smtp.remote-ip</c>), or <see langword="null"/>.</param>
    /// <returns>The method result.</returns>
    public static AuthMethodResult ToAuthMethodResult(this ArcResult result, IPAddress? remoteIp = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var properties = new List<AuthResultProperty>(2);
        if (result.OldestPass is { } oldestPass)
        {
            properties.Add(new AuthResultProperty("header", "oldest-pass", oldestPass.ToString(CultureInfo.InvariantCulture)));
        }

        if (remoteIp is not null)
        {
            properties.Add(new AuthResultProperty("smtp", "remote-ip", remoteIp.ToString()));
        }

        string? reason = result.Status == ArcStatus.Fail && result.Reason is { } r ? ReasonText.ControlsToSpaces(r) : null;
        return new AuthMethodResult("arc", result.Keyword, properties, reason);
    }
}
