using MailAuth.Dns;

namespace MailAuth.Spf;

/// <summary>How SPF reads a DNS answer. The one place where DNS statuses map to SPF meaning (RFC 7208 §2.6.6, §4.4, §4.6.4, §5).</summary>
internal enum SpfDnsOutcome
{
    /// <summary>NOERROR with records.</summary>
    Records,

    /// <summary>NXDOMAIN, or NOERROR without records: a "void look-up" (§4.6.4).</summary>
    Void,

    /// <summary>SERVFAIL, timeout, refusal, any other failure: <c>temperror</c> (§2.6.6, §4.4).</summary>
    Error,
}

/// <summary>The mapping of <see cref="DnsStatus"/> to <see cref="SpfDnsOutcome"/>.</summary>
internal static class SpfDnsStatus
{
    internal static SpfDnsOutcome Classify<T>(DnsResponse<T> response) => response.Status switch
    {
        DnsStatus.NoError => response.Records.Count > 0 ? SpfDnsOutcome.Records : SpfDnsOutcome.Void,
        DnsStatus.NxDomain => SpfDnsOutcome.Void,
        _ => SpfDnsOutcome.Error,
    };

    /// <summary>The problem of a failed query (§4.4 temperror): a timeout, or any other DNS failure.</summary>
    internal static SpfProblem Problem<T>(DnsResponse<T> response) => response.Status == DnsStatus.Timeout ? SpfProblem.Timeout : SpfProblem.DnsFailure;

    internal static string Describe<T>(DnsResponse<T> response, string type, string name)
        => $"DNS {type} look-up of '{name}' failed: {response.Status}" + (response.ErrorMessage is null ? string.Empty : " (" + response.ErrorMessage + ")");
}
