using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using MailAuth.Diagnostics;
using MailAuth.Dns;
using Microsoft.Extensions.Logging;

namespace MailAuth.Spf;

/// <summary>
/// Evaluates SPF policies: <c>check_host()</c> of RFC 7208 §4–§6 with every limit of §4.6.4, macros (§7) and
/// explanations (§6.2). Immutable and thread-safe after construction; share one instance.
/// Never throws for bad records or DNS failures — those are <see cref="SpfResult"/> values — only for
/// null arguments and cancellation.
/// </summary>
public sealed class SpfEvaluator
{
    private readonly ConcurrentDictionary<string, SpfRecord> _records = new(StringComparer.Ordinal);

    /// <summary>Creates an evaluator.</summary>
    /// <param name="resolver">The DNS resolver (wrap it in a caching resolver for production use).</param>
    /// <param name="options">Limits and settings; <see langword="null"/> for the RFC defaults. Validated and copied: later changes have no effect.</param>
    /// <exception cref="ArgumentException">An option is out of range, or <see cref="SpfOptions.DefaultExplanation"/> is not a valid explain-string; <see cref="ArgumentException.ParamName"/> names the option.</exception>
    public SpfEvaluator(IDnsResolver resolver, SpfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        Resolver = resolver;
        Options = (options ?? new SpfOptions()).Freeze();
        DefaultExplanation = Options.ParsedDefaultExplanation;
        Logger = Telemetry.CreateLogger(Options.LoggerFactory, MailAuthDiagnostics.SpfCategory);
    }

    internal ILogger Logger { get; }

    internal IDnsResolver Resolver { get; }

    internal SpfOptions Options { get; }

    internal SpfMacroString? DefaultExplanation { get; }

    /// <summary>
    /// check_host(&lt;ip&gt;, &lt;domain&gt;, &lt;sender&gt;) (RFC 7208 §4).
    /// </summary>
    /// <param name="clientAddress">The SMTP client's address; IPv4-mapped IPv6 addresses are treated as IPv4 (§5).</param>
    /// <param name="domain">The domain whose policy is checked.</param>
    /// <param name="sender">The MAIL FROM address or postmaster@HELO (§4.1); a missing local-part means "postmaster" (§4.3).</param>
    /// <param name="helo">The HELO/EHLO name for the <c>%{h}</c> macro, if known.</param>
    /// <param name="cancellationToken">Cancels the evaluation (then <see cref="OperationCanceledException"/> is thrown).</param>
    /// <returns>The result.</returns>
    public ValueTask<SpfResult> CheckHostAsync(IPAddress clientAddress, string domain, string sender, string? helo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientAddress);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(sender);
        return CheckAsync(clientAddress, domain, sender, helo, SpfIdentity.MailFrom, cancellationToken);
    }

    /// <summary>
    /// The MAIL FROM check (RFC 7208 §2.4): the domain of <paramref name="mailFrom"/>, or postmaster@<paramref name="helo"/>
    /// when the reverse-path is empty (null sender, e.g. bounces).
    /// </summary>
    /// <param name="clientAddress">The SMTP client's address.</param>
    /// <param name="mailFrom">The MAIL FROM address without angle brackets; empty or <see langword="null"/> for the null reverse-path.</param>
    /// <param name="helo">The HELO/EHLO name.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The result; <see cref="SpfStatus.None"/> when no domain can be checked.</returns>
    public ValueTask<SpfResult> CheckMailFromAsync(IPAddress clientAddress, string? mailFrom, string? helo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientAddress);
        string from = (mailFrom ?? string.Empty).Trim().TrimStart('<').TrimEnd('>');
        if (from.Length == 0)
        {
            return CheckAsync(clientAddress, helo ?? string.Empty, "postmaster@" + helo, helo, SpfIdentity.MailFrom, cancellationToken);
        }

        int at = from.LastIndexOf('@');
        string domain = at < 0 ? from : from[(at + 1)..];
        return CheckAsync(clientAddress, domain, at == 0 ? "postmaster" + from : from, helo, SpfIdentity.MailFrom, cancellationToken);
    }

    /// <summary>The HELO check (RFC 7208 §2.3): check_host() with &lt;domain&gt; = HELO and &lt;sender&gt; = postmaster@HELO.</summary>
    /// <param name="clientAddress">The SMTP client's address.</param>
    /// <param name="helo">The HELO/EHLO name; an address literal or single label gives <see cref="SpfStatus.None"/>.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The result.</returns>
    public ValueTask<SpfResult> CheckHeloAsync(IPAddress clientAddress, string helo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientAddress);
        ArgumentNullException.ThrowIfNull(helo);
        return CheckAsync(clientAddress, helo, "postmaster@" + helo, helo, SpfIdentity.Helo, cancellationToken);
    }

    internal async ValueTask<SpfResult> CheckAsync(IPAddress clientAddress, string domain, string sender, string? helo, SpfIdentity identity, CancellationToken cancellationToken, SenderIdScope scope = SenderIdScope.None)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool senderId = scope != SenderIdScope.None;
        using var call = EngineCall.Start(senderId ? "mailauth.sender_id.check" : "mailauth.spf.check", senderId ? "sender-id" : "spf", Telemetry.VerifyDuration);
        call.Activity?.SetTag(Telemetry.DomainTag, domain);
        call.Activity?.SetTag(Telemetry.ClientAddressTag, clientAddress.ToString());
        var check = new SpfCheck(this, clientAddress, sender, helo, cancellationToken) { Scope = scope };
        SpfOutcome outcome = await check.CheckHostAsync(domain, explain: true).ConfigureAwait(false);
        var result = new SpfResult(outcome.Code, identity, clientAddress, domain, sender, helo, outcome.Mechanism, outcome.Explanation, outcome.Reason)
        {
            Problem = outcome.Kind,
            DnsQueries = check.DnsQueries,
            DnsLookups = check.DnsLookups,
            VoidLookups = check.VoidLookups,
        };
        call.Complete(result.Keyword, result.Status is SpfStatus.TempError or SpfStatus.PermError ? result.Problem.ToString() : null);
        SpfLog.Result(Logger, identity, domain, clientAddress, result.Keyword, result.Problem, result.DnsLookups);
        if (result.Status == SpfStatus.TempError)
        {
            SpfLog.TempError(Logger, identity, domain, result.Problem);
        }

        return result;
    }

    /// <summary>Expands a macro-string as the evaluation of <paramref name="domain"/> would (RFC 7208 §7); for tests and tools.</summary>
    internal async ValueTask<string?> ExpandAsync(string macroString, bool explanation, IPAddress clientAddress, string sender, string domain, string? helo, CancellationToken cancellationToken = default)
    {
        SpfMacroString? parsed;
        if (explanation ? !SpfMacroString.TryParseExplanation(macroString, out parsed, out _) : !SpfMacroString.TryParseDomainSpec(macroString, out parsed, out _))
        {
            return null;
        }

        return await ExpandAsync(parsed, explanation, clientAddress, sender, domain, helo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Expands an already parsed macro-string; <see langword="null"/> when an input is over its bound.</summary>
    internal ValueTask<string?> ExpandAsync(SpfMacroString parsed, bool explanation, IPAddress clientAddress, string sender, string domain, string? helo, CancellationToken cancellationToken = default)
        => new SpfCheck(this, clientAddress, sender, helo, cancellationToken).ExpandForToolsAsync(parsed, domain, explanation);

    /// <summary>Checks a record text against an already-selected SPF (or Sender ID) record, through the parse cache.</summary>
    internal bool TryGetRecord(string text, int termsStart, string version, [NotNullWhen(true)] out SpfRecord? record, out SpfParseError error)
    {
        if (_records.TryGetValue(text, out record))
        {
            error = default;
            return true;
        }

        if (!SpfRecord.TryParseAfterVersion(text, termsStart, version, out record, out error))
        {
            return false;
        }

        if (Options.MaxParsedRecords > 0)
        {
            if (_records.Count >= Options.MaxParsedRecords)
            {
                _records.Clear(); // bounded: start over rather than grow without limit
            }

            _records.TryAdd(text, record);
        }

        return true;
    }
}
