namespace MailAuth.Dmarc;

/// <summary>One <c>_dmarc.&lt;domain&gt;</c> query of a policy discovery or tree walk.</summary>
/// <param name="Domain">The domain queried (without the <c>_dmarc</c> label).</param>
/// <param name="Status">The outcome.</param>
/// <param name="Record">The record when <paramref name="Status"/> is <see cref="DmarcLookupStatus.Found"/>.</param>
/// <param name="Error">DNS error detail for <see cref="DmarcLookupStatus.TempError"/>.</param>
public sealed record DmarcTreeWalkStep(string Domain, DmarcLookupStatus Status, DmarcRecord? Record, string? Error = null);
