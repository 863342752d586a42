using System.Net;
using MailAuth.Text;

namespace MailAuth.Spf;

/// <summary>
/// The outcome of <c>check_host()</c> (RFC 7208 §2.6, §4): the result, what decided it, the explanation of a
/// <c>fail</c> (§6.2), the reason text for errors and the DNS look-ups spent (§4.6.4). A value: bad records and
/// DNS failures end up here, never as exceptions. A record, so a copy with changes is made with <c>with</c>.
/// </summary>
public sealed record SpfResult
{
    private readonly string? _explanation;
    private readonly string _reason = string.Empty;

    internal SpfResult(
        SpfStatus status,
        SpfIdentity identity,
        IPAddress clientAddress,
        string domain,
        string sender,
        string? helo,
        string? mechanism,
        string? explanation,
        string reason)
    {
        Status = status;
        Identity = identity;
        ClientAddress = clientAddress;
        Domain = domain;
        Sender = sender;
        Helo = helo;
        Mechanism = mechanism;
        Explanation = explanation;
        Reason = reason;
    }

    /// <summary>The result (§2.6).</summary>
    public SpfStatus Status { get; internal init; }

    /// <summary>The RFC 8601 result keyword (§2.7.2), also used in Received-SPF (RFC 7208 §9.1): <c>pass</c>, <c>fail</c>, ...</summary>
    public string Keyword => ToKeyword(Status);

    /// <summary>What caused a <c>none</c>, <c>temperror</c> or <c>permerror</c>; <see cref="SpfProblem.None"/> when a mechanism or the default decided.</summary>
    public SpfProblem Problem { get; internal init; }

    /// <summary>Why the result is what it is: the matched mechanism, or the problem for <c>none</c>, <c>temperror</c> and <c>permerror</c>. Control characters are shown as escapes.</summary>
    public string Reason { get => _reason; internal init => _reason = ReasonText.Escape(value) ?? string.Empty; }

    /// <summary>The identity that was checked.</summary>
    public SpfIdentity Identity { get; internal init; }

    /// <summary>The SMTP client address (&lt;ip&gt;).</summary>
    public IPAddress ClientAddress { get; internal init; }

    /// <summary>The domain whose policy was evaluated first (&lt;domain&gt;).</summary>
    public string Domain { get; internal init; }

    /// <summary>The sender (&lt;sender&gt;: the MAIL FROM address, or postmaster@HELO).</summary>
    public string Sender { get; internal init; }

    /// <summary>The HELO/EHLO name given by the client, if known.</summary>
    public string? Helo { get; internal init; }

    /// <summary>The mechanism that matched (canonical text), <c>default</c> when none did, or <see langword="null"/> when evaluation stopped early.</summary>
    public string? Mechanism { get; internal init; }

    /// <summary>The explanation of a <c>fail</c> (§6.2): the expanded <c>exp=</c> text or the configured default. Control characters are shown as escapes (<c>\r</c>, <c>\n</c>, <c>\uXXXX</c>).</summary>
    public string? Explanation { get => _explanation; internal init => _explanation = ReasonText.Escape(value); }

    /// <summary>For a Sender ID PRA check: the header field the PRA came from (RFC 4407 §2), e.g. "From"; otherwise <see langword="null"/>.</summary>
    public string? PraFieldName { get; internal init; }

    /// <summary>
    /// The DNS queries this evaluation sent to the resolver (answers from the resolver's cache included). The name is the same
    /// on every result; for the §4.6.4 limits see <see cref="DnsLookups"/> and <see cref="VoidLookups"/>.
    /// </summary>
    public int DnsQueries { get; internal init; }

    /// <summary>DNS-querying terms evaluated (the §4.6.4 count; at most <see cref="SpfOptions.MaxDnsLookups"/>). Not the number of queries: <c>mx</c> and <c>ptr</c> query more than once per term.</summary>
    public int DnsLookups { get; internal init; }

    /// <summary>Void look-ups met (§4.6.4).</summary>
    public int VoidLookups { get; internal init; }

    /// <summary>The RFC 8601 keyword of a result (§2.7.2).</summary>
    /// <param name="status">The result.</param>
    /// <returns>The lower-case keyword.</returns>
    public static string ToKeyword(SpfStatus status) => status switch
    {
        SpfStatus.Neutral => "neutral",
        SpfStatus.Pass => "pass",
        SpfStatus.Fail => "fail",
        SpfStatus.SoftFail => "softfail",
        SpfStatus.TempError => "temperror",
        SpfStatus.PermError => "permerror",
        _ => "none",
    };

    /// <inheritdoc />
    public override string ToString() => $"{Keyword} ({Reason}; {DnsLookups} DNS look-up(s), {VoidLookups} void)";
}
