using System.Net;
using MailAuth.Text;

namespace MailAuth.Spf;

/// <summary>
/// The outcome of <c>check_host()</c> (RFC 7208 §2.6, §4): the result, what decided it, the explanation of a
/// <c>fail</c> (§6.2), the reason text for errors and the DNS look-ups spent (§4.6.4). A value: bad records and
/// DNS failures end up here, never as exceptions.
/// </summary>
public sealed class SpfResult
{
    internal SpfResult(
        SpfResultCode result,
        SpfIdentity identity,
        IPAddress clientAddress,
        string domain,
        string sender,
        string? helo,
        string? mechanism,
        string? explanation,
        string reason,
        int dnsLookups,
        int voidLookups)
    {
        Result = result;
        Identity = identity;
        ClientAddress = clientAddress;
        Domain = domain;
        Sender = sender;
        Helo = helo;
        Mechanism = mechanism;
        Explanation = ReasonText.Escape(explanation);
        Reason = ReasonText.Escape(reason);
        DnsLookups = dnsLookups;
        VoidLookups = voidLookups;
    }

    /// <summary>For a Sender ID PRA check: the header field the PRA came from (RFC 4407 §2), e.g. "From"; otherwise <see langword="null"/>.</summary>
    public string? PraFieldName { get; private init; }

    internal SpfResult WithPraField(string? fieldName) => new(Result, Identity, ClientAddress, Domain, Sender, Helo, Mechanism, Explanation, Reason, DnsLookups, VoidLookups)
    {
        PraFieldName = fieldName,
    };

    /// <summary>The result (§2.6).</summary>
    public SpfResultCode Result { get; }

    /// <summary>The identity that was checked.</summary>
    public SpfIdentity Identity { get; }

    /// <summary>The SMTP client address (&lt;ip&gt;).</summary>
    public IPAddress ClientAddress { get; }

    /// <summary>The domain whose policy was evaluated first (&lt;domain&gt;).</summary>
    public string Domain { get; }

    /// <summary>The sender (&lt;sender&gt;: the MAIL FROM address, or postmaster@HELO).</summary>
    public string Sender { get; }

    /// <summary>The HELO/EHLO name given by the client, if known.</summary>
    public string? Helo { get; }

    /// <summary>The mechanism that matched (canonical text), <c>default</c> when none did, or <see langword="null"/> when evaluation stopped early.</summary>
    public string? Mechanism { get; }

    /// <summary>The explanation of a <c>fail</c> (§6.2): the expanded <c>exp=</c> text or the configured default. Control characters are shown as escapes (<c>\r</c>, <c>\n</c>, <c>\uXXXX</c>).</summary>
    public string? Explanation { get; }

    /// <summary>Why the result is what it is: the matched mechanism, or the problem for <c>none</c>, <c>temperror</c> and <c>permerror</c>. Control characters are shown as escapes.</summary>
    public string Reason { get; }

    /// <summary>DNS-querying terms evaluated (§4.6.4; at most <see cref="SpfOptions.MaxDnsLookups"/>).</summary>
    public int DnsLookups { get; }

    /// <summary>Void look-ups met (§4.6.4).</summary>
    public int VoidLookups { get; }

    /// <summary>The result keyword used in Received-SPF (§9.1) and Authentication-Results (RFC 8601 §2.7.2): <c>pass</c>, <c>fail</c>, ...</summary>
    public string Keyword => ToKeyword(Result);

    /// <summary>The keyword of a result.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The lower-case keyword.</returns>
    public static string ToKeyword(SpfResultCode result) => result switch
    {
        SpfResultCode.Neutral => "neutral",
        SpfResultCode.Pass => "pass",
        SpfResultCode.Fail => "fail",
        SpfResultCode.SoftFail => "softfail",
        SpfResultCode.TempError => "temperror",
        SpfResultCode.PermError => "permerror",
        _ => "none",
    };

    /// <inheritdoc />
    public override string ToString() => $"{Keyword} ({Reason}; {DnsLookups} DNS look-up(s), {VoidLookups} void)";
}
