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
public sealed record ArcEvidence(bool ChainPassed, IReadOnlyList<ArcSealerEvidence> Sealers);
