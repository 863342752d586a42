using System.Globalization;
using MailAuth.Dkim;
using MailAuth.Dns;

namespace MailAuth.Audit;

/// <summary>The DKIM key rotation plan (guide 4.3.2.2 TTLs, 1.4.7 confirm with reports, 6.2.2.2 notify at each rotation).</summary>
internal sealed partial class AuditRun
{
    private async ValueTask PlanRotationAsync()
    {
        if (Profile?.NextSelector is not { Length: > 0 } next || Selectors.Length == 0)
        {
            return;
        }

        next = next.Trim();
        string current = Selectors[0];
        string currentName = $"{current}._domainkey.{DkimDomain}";
        string nextName = $"{next}._domainkey.{DkimDomain}";
        DnsResponse<TxtRecord> nextAnswer = await Dns.QueryTxtAsync(nextName).ConfigureAwait(false);
        if (!nextAnswer.IsDefinitive)
        {
            return; // DNS_QUERY_FAILED says why; no plan can be timed
        }

        TimeSpan currentTtl = Dns.Known<TxtRecord>(currentName, DnsRecordType.Txt)?.TimeToLive ?? TimeSpan.Zero;
        bool published = nextAnswer.Records.Count == 1 && DkimPublicKey.TryParse(nextAnswer.Records[0].Text, out DkimPublicKey? key, out _) && !key.IsRevoked;
        DateTimeOffset now = Options.TimeProvider.GetUtcNow();

        // Receivers may hold the old answer for the next selector (none, when not yet published) for its TTL; only after
        // that do all of them find the new key (4.3.2.2).
        DateTimeOffset switchAt = now + nextAnswer.TimeToLive;
        TimeSpan interval = TimeSpan.FromSeconds(Math.Clamp(PolicyRecord?.ReportInterval ?? 86400, 3600, 86400 * 7));
        DateTimeOffset confirmAt = switchAt + interval;
        // Messages signed with the old key may still be verified (queued, or a receiver's cached key) for its TTL after the switch.
        DateTimeOffset revokeAt = confirmAt > switchAt + currentTtl ? confirmAt : switchAt + currentTtl;
        RotationPlan.Add(new AuditRotationStep(1, $"publish the new public key at {nextName} and tell the customer the selector (guide 6.2.2.2)", now, published));
        RotationPlan.Add(new AuditRotationStep(2, $"sign with s={next} instead of s={current} (after the TTL of {Seconds(nextAnswer.TimeToLive)} of {nextName}{(published ? string.Empty : ", counted from publication")})", switchAt));
        RotationPlan.Add(new AuditRotationStep(3, $"confirm in the DMARC aggregate reports that mail signed with s={next} passes (guide 1.4.7; one report interval of {Seconds(interval)})", confirmAt));
        RotationPlan.Add(new AuditRotationStep(4, $"revoke the old key: publish an empty p= at {currentName} (after its TTL of {Seconds(currentTtl)}), and remove the record later", revokeAt));
        string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Add(AuditSeverity.Info, AuditCodes.DkimRotationPlan,
            $"rotation from s={current} to s={next}: 1. publish {nextName} ({(published ? "done" : "now")}); 2. switch signing at {Time(switchAt)} or later; 3. confirm in aggregate reports at {Time(confirmAt)} or later; 4. revoke s={current} at {Time(revokeAt)} or later",
            nextName);
    }
}
