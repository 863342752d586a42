namespace MailAuth.Audit;

/// <summary>
/// One step of a DKIM key rotation plan (guide 4.3.2.2, 1.4.7, 6.2.2.2): what to do and the earliest time, derived from
/// the TTLs of the key records and the DMARC report interval.
/// </summary>
/// <param name="Order">1 to 4: publish the new key, switch signing, confirm in the aggregate reports, revoke the old key.</param>
/// <param name="Action">What to do.</param>
/// <param name="NotBefore">The earliest time for the step.</param>
/// <param name="Done"><see langword="true"/> when DNS already shows the step done (the new key is published).</param>
public sealed record AuditRotationStep(int Order, string Action, DateTimeOffset NotBefore, bool Done = false);
