using System.Net;

namespace MailAuth;

/// <summary>
/// What the SMTP session tells the receiver about a message: the client's IP address, the HELO/EHLO name and the
/// MAIL FROM reverse-path (RFC 5321 §4.1.1). SPF checks these identities (RFC 7208 §2.3, §2.4).
/// </summary>
public sealed class SmtpContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="clientIp">The SMTP client's address (the &lt;ip&gt; of RFC 7208 §4.1).</param>
    /// <param name="helo">The HELO/EHLO name, or <see langword="null"/> when unknown.</param>
    /// <param name="mailFrom">
    /// The MAIL FROM address without angle brackets; empty or <see langword="null"/> for the null reverse-path
    /// (bounces), in which case SPF checks <c>postmaster@HELO</c> (RFC 7208 §2.4).
    /// </param>
    public SmtpContext(IPAddress clientIp, string? helo, string? mailFrom)
    {
        ArgumentNullException.ThrowIfNull(clientIp);
        ClientIp = clientIp;
        Helo = string.IsNullOrWhiteSpace(helo) ? null : helo.Trim();
        MailFrom = NormalizeMailFrom(mailFrom);
    }

    /// <summary>The SMTP client's address.</summary>
    public IPAddress ClientIp { get; }

    /// <summary>The HELO/EHLO name, or <see langword="null"/>.</summary>
    public string? Helo { get; }

    /// <summary>The MAIL FROM address without angle brackets; empty for the null reverse-path.</summary>
    public string MailFrom { get; }

    /// <summary><see langword="true"/> when the reverse-path is null (<c>MAIL FROM:&lt;&gt;</c>, RFC 5321 §4.5.5).</summary>
    public bool IsNullReversePath => MailFrom.Length == 0;

    /// <inheritdoc />
    public override string ToString() => $"ip={ClientIp} helo={Helo ?? "-"} mailfrom=<{MailFrom}>";

    private static string NormalizeMailFrom(string? mailFrom)
    {
        string from = (mailFrom ?? string.Empty).Trim();
        if (from.StartsWith('<') && from.EndsWith('>'))
        {
            from = from[1..^1].Trim();
        }

        return from;
    }
}
