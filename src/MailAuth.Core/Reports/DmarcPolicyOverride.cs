namespace MailAuth.Reports;

/// <summary>One <c>reason</c> element of <c>policy_evaluated</c> (RFC 9990 <c>PolicyOverrideReason</c>, RFC 7489 Appendix C).</summary>
/// <param name="Type">The override type.</param>
/// <param name="Comment">The free-text comment, or <see langword="null"/>.</param>
public sealed record DmarcPolicyOverride(DmarcOverrideReason Type, string? Comment = null);
