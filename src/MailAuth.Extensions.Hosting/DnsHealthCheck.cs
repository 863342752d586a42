using MailAuth.Dns;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailAuth.Extensions.Hosting;

/// <summary>
/// Healthy when the upstream resolver (not the cache, which could hide an outage) gives a definitive answer for
/// <see cref="MailAuthDnsOptions.HealthProbeName"/>: records, NODATA or NXDOMAIN all prove the resolver is reachable;
/// a timeout, SERVFAIL or REFUSED does not (RFC 2308 §7).
/// </summary>
internal sealed class DnsHealthCheck(IDnsResolver resolver, string probeName) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        DnsResponse<TxtRecord> answer = await resolver.QueryTxtAsync(probeName, cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["probe"] = probeName, ["status"] = answer.Status.ToString() };
        return answer.IsDefinitive
            ? HealthCheckResult.Healthy($"The DNS resolver answered {answer.Status} for {probeName}.", data)
            : new HealthCheckResult(context.Registration.FailureStatus, $"The DNS resolver did not answer for {probeName}: {answer.Status} {answer.ErrorMessage}".TrimEnd(), data: data);
    }
}
