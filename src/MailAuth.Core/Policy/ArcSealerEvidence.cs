using MailAuth.Dmarc;

namespace MailAuth.Policy;

/// <summary>One ARC sealer of a message (RFC 8617 §4.1): its <c>d=</c>, its instance and what its ARC-Authentication-Results recorded for DMARC.</summary>
/// <param name="Domain">The sealer's signing domain (the <c>d=</c> of its ARC-Seal).</param>
/// <param name="Instance">The ARC set's instance (<c>i=</c>, 1–50).</param>
/// <param name="RecordedDmarc">The <c>dmarc=</c> result in that set's ARC-Authentication-Results, or <see langword="null"/> when it recorded none.</param>
public sealed record ArcSealerEvidence(string Domain, int Instance, DmarcStatus? RecordedDmarc);
