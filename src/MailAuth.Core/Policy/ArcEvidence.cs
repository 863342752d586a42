using MailAuth.Arc;
using MailAuth.AuthResults;
using MailAuth.Dmarc;

namespace MailAuth.Policy;

/// <summary>
/// What ARC validation (RFC 8617) says about a message, as a neutral input of <see cref="ReceiverPolicy"/>: whether the
/// chain validated and who sealed it. Fill it from the ARC validator's result: <see cref="ChainPassed"/> from the
/// chain validation status (<c>cv=pass</c> of the last set, RFC 8617 §5.2), one <see cref="ArcSealerEvidence"/> per ARC
/// set with its ARC-Seal <c>d=</c>, instance and the <c>dmarc=</c> its ARC-Authentication-Results recorded.
/// The trusted-forwarder override (RFC 7489 §7.2 <c>trusted_forwarder</c>) applies only when the chain passed and a
/// sealer on the recipient domain's <see cref="DomainPolicySettings.TrustedArcSealers"/> recorded DMARC pass: a sealer's
/// claims count only if its seal, and every later one, verified.
/// </summary>
/// <param name="ChainPassed"><see langword="true"/> when the chain validated (<c>arc=pass</c>).</param>
/// <param name="Sealers">The sealers, any order.</param>
public sealed record ArcEvidence(bool ChainPassed, IReadOnlyList<ArcSealerEvidence> Sealers)
{
    /// <summary>
    /// The evidence in an ARC validation result: <see cref="ChainPassed"/> is <c>arc=pass</c>, and each ARC set with a
    /// sealer domain gives one <see cref="ArcSealerEvidence"/> with the first <c>dmarc=</c> its ARC-Authentication-Results
    /// holds (RFC 8617 §4.1.1). <see cref="ReceiverPolicy.Decide(AuthenticationOutcome, string, ArcEvidence?)"/> uses this
    /// for the outcome's own ARC result when no evidence is given.
    /// </summary>
    /// <param name="result">The validator's result (<see cref="AuthenticationOutcome.Arc"/> or <see cref="ArcChainValidator"/>).</param>
    /// <returns>The evidence; <see cref="ChainPassed"/> is <see langword="false"/> for every status but pass.</returns>
    public static ArcEvidence FromResult(ArcResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sealers = new List<ArcSealerEvidence>(result.Hops.Count);
        foreach (ArcHop hop in result.Hops)
        {
            if (hop.SealDomain is { Length: > 0 } domain)
            {
                sealers.Add(new ArcSealerEvidence(domain, hop.Instance, RecordedDmarc(hop.AuthenticationResults)));
            }
        }

        return new ArcEvidence(result.Status == ArcStatus.Pass, sealers);
    }

    // RFC 8601 §2.7 / RFC 7489 §11.2: the dmarc method's result word; an unknown word is no evidence.
    private static DmarcStatus? RecordedDmarc(AuthResultsHeader? header)
    {
        AuthMethodResult? dmarc = header?.Results.FirstOrDefault(r => r.IsMethod("dmarc"));
        return dmarc?.Result.ToLowerInvariant() switch
        {
            "pass" => DmarcStatus.Pass,
            "fail" => DmarcStatus.Fail,
            "none" => DmarcStatus.None,
            "temperror" => DmarcStatus.TempError,
            "permerror" => DmarcStatus.PermError,
            _ => null,
        };
    }
}
