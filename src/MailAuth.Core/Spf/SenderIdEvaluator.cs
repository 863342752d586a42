using System.Net;
using MailAuth.Dns;
using MailAuth.Messages;

namespace MailAuth.Spf;

/// <summary>
/// Sender ID (RFC 4406, with the PRA of RFC 4407) — historic: both RFCs were moved to Historic and Sender ID is not
/// deployed. Kept for completeness. Checks the PRA (or MAIL FROM) against <c>spf2.0/pra,mfrom</c> records, falling back
/// to <c>v=spf1</c> records (RFC 4406 §3.4), with the same engine and limits as <see cref="SpfEvaluator"/>.
/// Thread-safe; results are values, never exceptions.
/// </summary>
public sealed class SenderIdEvaluator
{
    private readonly SpfEvaluator _engine;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="resolver">The DNS resolver.</param>
    /// <param name="options">Limits and settings (shared with SPF); <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public SenderIdEvaluator(IDnsResolver resolver, SpfOptions? options = null)
    {
        _engine = new SpfEvaluator(resolver, options);
    }

    /// <summary>The <c>pra</c> scope check of a parsed message header (RFC 4406 §4, RFC 4407 §2).</summary>
    /// <param name="clientAddress">The SMTP client's address.</param>
    /// <param name="headers">The message header fields in order.</param>
    /// <param name="helo">The HELO/EHLO name, for <c>%{h}</c>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The result (identity <see cref="SpfIdentity.Pra"/>); <c>permerror</c> when no PRA can be determined.</returns>
    public ValueTask<SpfResult> CheckPraAsync(IPAddress clientAddress, IReadOnlyList<HeaderField> headers, string? helo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return CheckPraAsync(clientAddress, SenderIdPra.Find(headers), helo, cancellationToken);
    }

    /// <summary>The <c>pra</c> scope check of a header given as (name, value) pairs in message order.</summary>
    /// <param name="clientAddress">The SMTP client's address.</param>
    /// <param name="headers">The header fields.</param>
    /// <param name="helo">The HELO/EHLO name, for <c>%{h}</c>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The result; <c>permerror</c> when no PRA can be determined.</returns>
    public ValueTask<SpfResult> CheckPraAsync(IPAddress clientAddress, IReadOnlyList<KeyValuePair<string, string>> headers, string? helo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return CheckPraAsync(clientAddress, SenderIdPra.Find(headers), helo, cancellationToken);
    }

    /// <summary>The <c>mfrom</c> scope check (RFC 4406 §4): like SPF's MAIL FROM check, but <c>spf2.0/mfrom</c> records come first.</summary>
    /// <param name="clientAddress">The SMTP client's address.</param>
    /// <param name="mailFrom">The MAIL FROM address; empty for the null reverse-path (then postmaster@HELO).</param>
    /// <param name="helo">The HELO/EHLO name.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The result.</returns>
    public ValueTask<SpfResult> CheckMailFromAsync(IPAddress clientAddress, string? mailFrom, string? helo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientAddress);
        string from = (mailFrom ?? string.Empty).Trim().TrimStart('<').TrimEnd('>');
        string sender = from.Length == 0 ? "postmaster@" + helo : from;
        int at = sender.LastIndexOf('@');
        return _engine.CheckAsync(clientAddress, sender[(at + 1)..], sender, helo, SpfIdentity.MailFrom, cancellationToken, SenderIdScope.MailFrom);
    }

    private async ValueTask<SpfResult> CheckPraAsync(IPAddress clientAddress, SenderIdPraResult pra, string? helo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientAddress);
        if (!pra.Found)
        {
            return new SpfResult(SpfStatus.PermError, SpfIdentity.Pra, clientAddress, string.Empty, string.Empty, helo, null, null,
                "the Purported Responsible Address cannot be determined: " + pra.Problem)
            {
                Problem = SpfProblem.PraNotFound,
                PraFieldName = pra.FieldName,
            };
        }

        SpfResult result = await _engine.CheckAsync(clientAddress, pra.Domain!, pra.Mailbox!, helo, SpfIdentity.Pra, cancellationToken, SenderIdScope.Pra).ConfigureAwait(false);
        return result with { PraFieldName = pra.FieldName };
    }
}
